package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that the sample logs in docs/samples parse, and that the three formats hold the same conversation. */
class SampleLogsTest {

    /** Tests run in the bootstrap module's directory, so the samples are one level up. */
    private static final Path SAMPLES = Path.of("..", "docs", "samples");

    private static List<ChatLogEntry> read(String fileName) throws Exception {
        Path file = SAMPLES.resolve(fileName);
        LogFormat format = LogFormat.fromExtension(file).orElseThrow();
        try (BufferedReader input = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return format.reader(new ObjectMapper()).read(input);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay-sample.txt", "replay-sample.csv", "replay-sample.json"})
    void sampleHoldsTheSameConversation(String fileName) throws Exception {
        List<ChatLogEntry> entries = read(fileName);
        List<ChatLogEntry> reference = read("replay-sample.txt");

        assertThat(entries).hasSize(10);
        assertThat(entries).extracting(ChatLogEntry::sender).isEqualTo(reference.stream().map(ChatLogEntry::sender).toList());
        assertThat(entries).extracting(ChatLogEntry::text).isEqualTo(reference.stream().map(ChatLogEntry::text).toList());
        assertThat(entries).extracting(ChatLogEntry::timestamp)
                .isEqualTo(reference.stream().map(ChatLogEntry::timestamp).toList());
        assertThat(entries).filteredOn(ChatLogEntry::hasEmptyText).hasSize(1);
    }
}
