package dev.pacer.benchmarks.infra;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start another JVM with this JVM's Java and class path. */
public final class JavaCommand {

    private JavaCommand() {}

    /** Returns {@code java [options] -cp <this class path> mainClass args}. */
    public static List<String> of(List<String> options, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", absoluteClassPath(), mainClass));
        command.addAll(args);
        return command;
    }

    /** Returns this JVM's class path with every entry made absolute, since a child may run in another folder. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
