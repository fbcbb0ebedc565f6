package dev.pacer.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Renders a JMH result file ({@code -rf json}) as a section of the report. */
final class JmhResults {

    private JmhResults() {}

    static void appendTo(Report report, Path json) {
        if (!Files.exists(json)) {
            report.section("JMH");
            report.note("No JMH results at " + json + ".");
            return;
        }
        JsonNode results;
        try {
            results = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read JMH results from " + json, e);
        }
        report.section("JMH, in-process hot paths");
        for (JsonNode result : results) {
            String name = result.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            JsonNode paramNode = result.get("params");
            if (paramNode != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = paramNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> param = it.next();
                    params.append(params.isEmpty() ? " (" : ", ").append(param.getKey()).append('=')
                            .append(param.getValue().asText());
                }
                params.append(')');
            }
            JsonNode metric = result.get("primaryMetric");
            double error = metric.get("scoreError").asDouble();
            String spread = Double.isNaN(error) ? "" : " ± " + Report.decimal(error, 1);
            report.row("`" + name + "`" + params, Report.decimal(metric.get("score").asDouble(), 1) + spread + " "
                    + metric.get("scoreUnit").asText());
        }
        report.note("JMH 1.37; fork, warm-up and measurement settings as in the command that produced " + json.getFileName() + ".");
    }
}
