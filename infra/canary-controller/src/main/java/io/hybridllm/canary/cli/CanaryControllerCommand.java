package io.hybridllm.canary.cli;

import io.hybridllm.canary.alias.LambdaAliasControl;
import io.hybridllm.canary.failures.CanaryException;
import io.hybridllm.canary.health.CloudWatchHealthSource;
import io.hybridllm.canary.plan.HealthBounds;
import io.hybridllm.canary.plan.PlanValidation;
import io.hybridllm.canary.plan.RolloutPlan;
import io.hybridllm.canary.plan.RolloutRequest;
import io.hybridllm.canary.rollout.CanaryController;
import io.hybridllm.canary.rollout.Pause;
import io.hybridllm.canary.rollout.RolloutOutcome;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * {@code java -jar canary-controller.jar --function hybrid-llm-router --canary-version 8 ...}: shifts
 * an alias to a canary version in steps and rolls back when the canary misbehaves. Exit status 0
 * promoted, 1 rolled back, 2 invalid input (nothing changed), 3 the alias was changed by someone
 * else, 4 an AWS call failed (after a rollback attempt), 64 bad command line.
 */
public final class CanaryControllerCommand {

    static final String USAGE = """
            usage: canary-controller --function NAME|ARN --canary-version N [options]
              --alias NAME            alias to shift (default live, or the alias in an alias ARN)
              --primary-version N     refuse to start unless the alias points at N now
              --steps LIST            canary weights, increasing, ending at 1 (default 0.05,0.25,1)
              --bake DURATION         wait after each step below 1 before judging (default 10m; 90s, 5m, PT5M)
              --extra-bakes N         more waits when a step saw too little traffic (default 2)
              --max-error-rate X      highest errors/invocations of the canary, in [0,1] (default 0.01)
              --max-latency-ms X      highest Duration statistic in ms (default 1000)
              --latency-stat S        p99 (default), pNN, Average, Maximum or Minimum
              --min-invocations N     canary invocations a bake period needs to be judged (default 20)
              --alarm NAME            also roll back when this CloudWatch alarm is in ALARM (repeatable)
              --region R              AWS region (default: the SDK's region chain)
              --endpoint-url URL      Lambda and CloudWatch endpoint (e.g. a moto server)
            exit: 0 promoted, 1 rolled back, 2 invalid input, 3 alias changed by someone else, 4 AWS call failed, 64 usage
            """;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    private CanaryControllerCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err, Pause.real(), Clock.systemUTC()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Pause pause, Clock clock)
            throws InterruptedException {
        return run(args, out, err, pause, clock, c -> { });
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream, Pause, Clock)}, with {@code overrides} applied
     * to both SDK clients' configuration (interceptors, retry policy, ...).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Pause pause, Clock clock,
                          Consumer<ClientOverrideConfiguration.Builder> overrides) throws InterruptedException {
        CommandLine line;
        RolloutRequest request;
        try {
            line = CommandLine.parse(args);
            if (line.get("help").isPresent()) {
                out.print(USAGE);
                return 0;
            }
            request = request(line);
        } catch (CommandLine.UsageException e) {
            err.println("canary-controller: " + e.getMessage());
            err.print(USAGE);
            return 64;
        }
        try {
            RolloutPlan plan = PlanValidation.plan(request);
            try (LambdaClient lambda = lambda(line, overrides); CloudWatchClient cloudWatch = cloudWatch(line, overrides)) {
                CanaryController controller = new CanaryController(new LambdaAliasControl(lambda),
                        new CloudWatchHealthSource(cloudWatch), pause, clock, out::println);
                RolloutOutcome outcome = controller.run(plan);
                out.println((outcome.promoted() ? "PROMOTED " : "ROLLED BACK ") + outcome.finalState()
                        + " — " + outcome.reason());
                return outcome.exitStatus();
            }
        } catch (CanaryException e) {
            err.println("canary-controller: " + e.getMessage());
            return e.exitStatus();
        }
    }

    static RolloutRequest request(CommandLine line) throws CommandLine.UsageException {
        String function = line.get("function").orElseThrow(() -> new CommandLine.UsageException("--function is required"));
        String canary = line.get("canary-version")
                .orElseThrow(() -> new CommandLine.UsageException("--canary-version is required"));
        List<Double> weights = new ArrayList<>();
        for (String part : line.get("steps").orElse("0.05,0.25,1").split(",")) {
            weights.add(number("--steps", part));
        }
        HealthBounds bounds = new HealthBounds(
                number("--max-error-rate", line.get("max-error-rate").orElse("0.01")),
                number("--max-latency-ms", line.get("max-latency-ms").orElse("1000")),
                line.get("latency-stat").orElse("p99"),
                (long) number("--min-invocations", line.get("min-invocations").orElse("20")),
                line.all("alarm"));
        return new RolloutRequest(function, line.get("alias"), canary, line.get("primary-version"), weights,
                duration(line.get("bake").orElse("10m")),
                (int) number("--extra-bakes", line.get("extra-bakes").orElse("2")), bounds);
    }

    private static double number(String option, String text) throws CommandLine.UsageException {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(option + ": '" + text + "' is not a number");
        }
    }

    static Duration duration(String text) throws CommandLine.UsageException {
        Matcher simple = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long n = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.UsageException("--bake: '" + text + "' is not a duration (90s, 5m, PT5M)");
        }
    }

    private static LambdaClient lambda(CommandLine line, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        LambdaClientBuilder builder = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides);
        line.get("region").map(Region::of).ifPresent(builder::region);
        line.get("endpoint-url").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static CloudWatchClient cloudWatch(CommandLine line, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        CloudWatchClientBuilder builder = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides);
        line.get("region").map(Region::of).ifPresent(builder::region);
        line.get("endpoint-url").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

}
