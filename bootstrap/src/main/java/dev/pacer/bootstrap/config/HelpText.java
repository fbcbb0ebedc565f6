package dev.pacer.bootstrap.config;

/** The text printed by {@code --help}. */
public final class HelpText {

    private HelpText() {}

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                Pacer: paced, ordered, one-at-a-time replies for AI chat bots, queued in Redis.

                Usage:
                  java -jar pacer.jar                 run the service (configured by environment variables)
                  java -jar pacer.jar replay [...]    replay a chat log against a running Pacer (replay --help)
                  java -jar pacer.jar --help          print this text

                Environment variables:
                """);
        for (Setting setting : Setting.values()) {
            String shown = setting.defaultValue() == null ? "unset" : setting.defaultValue();
            out.append(String.format("  %-28s %s%n  %-28s default: %s%n", setting.variable(), setting.description(), "", shown));
        }
        return out.toString();
    }
}
