package io.hybridllm.canary.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} / {@code --name=value} options; {@code --alarm} may repeat. */
record CommandLine(Map<String, List<String>> options) {

    static final Set<String> KNOWN = Set.of("function", "alias", "canary-version", "primary-version", "steps", "bake",
            "extra-bakes", "max-error-rate", "max-latency-ms", "latency-stat", "min-invocations", "alarm", "region",
            "endpoint-url", "help");

    static CommandLine parse(String[] args) throws UsageException {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!KNOWN.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (!name.equals("alarm") && options.containsKey(name)) {
                throw new UsageException("--" + name + " given twice");
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new CommandLine(Map.copyOf(options));
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(options.get(name)).map(v -> v.get(0));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** A malformed command line (as opposed to a well-formed but invalid rollout). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
