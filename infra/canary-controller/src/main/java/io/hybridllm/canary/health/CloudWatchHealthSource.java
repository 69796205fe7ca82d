package io.hybridllm.canary.health;

import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.plan.HealthBounds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalDouble;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Reads a canary's health from CloudWatch: {@code AWS/Lambda} Invocations, Errors (Sum) and Duration
 * (the bounds' statistic) with dimensions FunctionName, Resource ({@code function:alias}) and
 * ExecutedVersion, which Lambda publishes per version for traffic through a weighted alias; and the
 * state of the watched alarms. The window is widened to whole minutes (Lambda's metric resolution);
 * the latency figure is the worst minute's.
 */
public final class CloudWatchHealthSource implements HealthSource {

    static final String NAMESPACE = "AWS/Lambda";
    private static final int PERIOD_SECONDS = 60;

    private final CloudWatchClient cloudWatch;

    public CloudWatchHealthSource(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public CanaryHealth measure(String functionName, String alias, String version, Instant from, Instant to,
                                HealthBounds bounds) throws AwsCallException {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = to.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        List<Dimension> dimensions = List.of(
                Dimension.builder().name("FunctionName").value(functionName).build(),
                Dimension.builder().name("Resource").value(functionName + ":" + alias).build(),
                Dimension.builder().name("ExecutedVersion").value(version).build());
        long invocations = Math.round(sum(statistics("Invocations", dimensions, start, end, Statistic.SUM)));
        long errors = Math.round(sum(statistics("Errors", dimensions, start, end, Statistic.SUM)));
        OptionalDouble latency = latency(dimensions, start, end, bounds.latencyStatistic());
        return new CanaryHealth(start, end, invocations, errors, latency, firingAlarms(bounds.alarmNames()));
    }

    private List<Datapoint> statistics(String metric, List<Dimension> dimensions, Instant start, Instant end,
                                       Statistic statistic) throws AwsCallException {
        return call(metric, GetMetricStatisticsRequest.builder().statistics(statistic), dimensions, start, end);
    }

    private OptionalDouble latency(List<Dimension> dimensions, Instant start, Instant end, String statistic)
            throws AwsCallException {
        if (statistic.startsWith("p")) {
            List<Datapoint> points = call("Duration",
                    GetMetricStatisticsRequest.builder().extendedStatistics(statistic), dimensions, start, end);
            return points.stream().filter(p -> p.extendedStatistics() != null && p.extendedStatistics().containsKey(statistic))
                    .mapToDouble(p -> p.extendedStatistics().get(statistic)).max();
        }
        Statistic plain = Statistic.fromValue(statistic);
        List<Datapoint> points = call("Duration", GetMetricStatisticsRequest.builder().statistics(plain),
                dimensions, start, end);
        return points.stream().map(p -> switch (plain) {
            case AVERAGE -> p.average();
            case MAXIMUM -> p.maximum();
            case MINIMUM -> p.minimum();
            default -> null;
        }).filter(v -> v != null).mapToDouble(Double::doubleValue).max();
    }

    private List<Datapoint> call(String metric, GetMetricStatisticsRequest.Builder request, List<Dimension> dimensions,
                                 Instant start, Instant end) throws AwsCallException {
        try {
            return cloudWatch.getMetricStatistics(request.namespace(NAMESPACE).metricName(metric)
                    .dimensions(dimensions).startTime(start).endTime(end).period(PERIOD_SECONDS).build()).datapoints();
        } catch (SdkException e) {
            throw new AwsCallException("GetMetricStatistics " + metric, e);
        }
    }

    private static double sum(List<Datapoint> points) {
        return points.stream().filter(p -> p.sum() != null).mapToDouble(Datapoint::sum).sum();
    }

    private List<String> firingAlarms(List<String> names) throws AwsCallException {
        if (names.isEmpty()) {
            return List.of();
        }
        try {
            List<MetricAlarm> alarms = cloudWatch.describeAlarms(b -> b.alarmNames(names)).metricAlarms();
            List<String> known = alarms.stream().map(MetricAlarm::alarmName).toList();
            List<String> firing = new java.util.ArrayList<>(alarms.stream()
                    .filter(a -> a.stateValue() == StateValue.ALARM).map(MetricAlarm::alarmName).toList());
            // An alarm that does not exist watches nothing: treat it as firing rather than as fine.
            names.stream().filter(n -> !known.contains(n)).map(n -> n + " (no such alarm)").forEach(firing::add);
            return firing;
        } catch (SdkException e) {
            throw new AwsCallException("DescribeAlarms", e);
        }
    }
}
