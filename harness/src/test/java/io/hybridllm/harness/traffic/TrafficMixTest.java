package io.hybridllm.harness.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.harness.stack.RepositoryLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficMixTest {

    @Test
    void buildsTheRequestedMixWithRepeatsAfterTheirOriginals() throws Exception {
        TrafficMix.Sizes sizes = new TrafficMix.Sizes(40, 10, 5, 4, 3);
        List<TrafficItem> mix = TrafficMix.build(RepositoryLayout.locate(), sizes, 1);
        assertEquals(sizes.total(), mix.size());
        Map<String, Long> kinds = mix.stream().collect(Collectors.groupingBy(TrafficItem::kind, Collectors.counting()));
        assertEquals(Map.of("banking77", 40L, "banking77_repeat", 10L, "clinc_oos", 5L, "gsm8k", 4L, "mmlu", 3L), kinds);
        for (int i = 0; i < mix.size(); i++) {
            TrafficItem item = mix.get(i);
            if (item.kind().equals("banking77_repeat")) {
                String normal = item.text().strip().toLowerCase(Locale.ROOT);
                boolean seenBefore = mix.subList(0, i).stream().anyMatch(o -> o.kind().equals("banking77")
                        && o.text().strip().toLowerCase(Locale.ROOT).equals(normal)
                        && o.expectedIntent().equals(item.expectedIntent()));
                assertTrue(seenBefore, "repeat at " + i + " has its original earlier");
            }
        }
        assertTrue(mix.stream().filter(TrafficItem::isBanking).allMatch(i -> !i.expectedIntent().isBlank()));
    }

    @Test
    void theSameSeedGivesTheSameMix() throws Exception {
        TrafficMix.Sizes sizes = new TrafficMix.Sizes(20, 5, 5, 5, 5);
        assertEquals(TrafficMix.build(RepositoryLayout.locate(), sizes, 7),
                TrafficMix.build(RepositoryLayout.locate(), sizes, 7));
    }
}
