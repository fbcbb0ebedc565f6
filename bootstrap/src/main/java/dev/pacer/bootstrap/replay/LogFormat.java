package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The chat log formats the replay tool reads, with the names {@code --format} accepts. */
enum LogFormat {
    TELEGRAM("telegram"),
    CSV("csv"),
    FOUR_LINE("four-line");

    private final String optionName;

    LogFormat(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    ChatLogReader reader(ObjectMapper mapper) {
        return switch (this) {
            case TELEGRAM -> new TelegramExportReader(mapper);
            case CSV -> new CsvLogReader();
            case FOUR_LINE -> new FourLineLogReader();
        };
    }

    static Optional<LogFormat> fromOptionName(String name) {
        return Arrays.stream(values()).filter(format -> format.optionName.equals(name)).findFirst();
    }

    /** Returns the format for the extensions {@code .json}, {@code .csv}, {@code .txt} and {@code .log}. */
    static Optional<LogFormat> fromExtension(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Optional.of(TELEGRAM);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".txt") || name.endsWith(".log")) {
            return Optional.of(FOUR_LINE);
        }
        return Optional.empty();
    }
}
