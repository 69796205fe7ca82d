package io.hybridllm.canary.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridllm.canary.plan.HealthBounds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Percentiles (ExtendedStatistics) and alarm states, which moto does not serve: the requests the
 * source makes and how it reads CloudWatch's answers, against a scripted client.
 */
class CloudWatchHealthSourceTest {

    final List<GetMetricStatisticsRequest> requests = new ArrayList<>();

    final CloudWatchClient cloudWatch = new CloudWatchClient() {
        @Override
        public GetMetricStatisticsResponse getMetricStatistics(GetMetricStatisticsRequest r) {
            requests.add(r);
            List<Datapoint> points = switch (r.metricName()) {
                case "Invocations" -> List.of(Datapoint.builder().sum(60.0).build(), Datapoint.builder().sum(40.0).build());
                case "Errors" -> List.of(Datapoint.builder().sum(1.0).build());
                default -> List.of(Datapoint.builder().extendedStatistics(Map.of("p99", 210.0)).build(),
                        Datapoint.builder().extendedStatistics(Map.of("p99", 380.0)).build());
            };
            return GetMetricStatisticsResponse.builder().datapoints(points).build();
        }

        @Override
        public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest r) {
            return DescribeAlarmsResponse.builder().metricAlarms(
                    MetricAlarm.builder().alarmName("errors").stateValue(StateValue.OK).build(),
                    MetricAlarm.builder().alarmName("latency").stateValue(StateValue.ALARM).build()).build();
        }

        @Override
        public String serviceName() {
            return "monitoring";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void readsSumsTheWorstPercentileAndFiringOrMissingAlarms() throws Exception {
        CanaryHealth h = new CloudWatchHealthSource(cloudWatch).measure("hybrid-router", "live", "8",
                Instant.parse("2026-12-04T10:03:27Z"), Instant.parse("2026-12-04T10:08:05Z"),
                new HealthBounds(0.01, 500, "p99", 20, List.of("errors", "latency", "gone")));
        assertEquals(100, h.invocations());
        assertEquals(1, h.errors());
        assertEquals(380.0, h.latencyMs().getAsDouble());
        assertEquals(List.of("latency", "gone (no such alarm)"), h.alarmsFiring());
        assertEquals(Instant.parse("2026-12-04T10:03:00Z"), h.from());
        assertEquals(Instant.parse("2026-12-04T10:09:00Z"), h.to());

        GetMetricStatisticsRequest duration = requests.get(2);
        assertEquals("AWS/Lambda", duration.namespace());
        assertEquals("Duration", duration.metricName());
        assertEquals(List.of("p99"), duration.extendedStatistics());
        assertEquals(60, duration.period());
        assertEquals(Map.of("FunctionName", "hybrid-router", "Resource", "hybrid-router:live", "ExecutedVersion", "8"),
                duration.dimensions().stream().collect(java.util.stream.Collectors.toMap(d -> d.name(), d -> d.value())));
    }
}
