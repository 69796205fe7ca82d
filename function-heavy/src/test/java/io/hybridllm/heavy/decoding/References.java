package io.hybridllm.heavy.decoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** reference-generations.json of a model directory: greedy tokens recorded from PyTorch (no cache). */
public record References(int maxNewTokens, List<Reference> generations) {

    public record Reference(String prompt, long[] promptIds, List<Long> greedy, String text) {}

    public static References read(Path dir) throws Exception {
        JsonNode root = new ObjectMapper().readTree(dir.resolve("reference-generations.json").toFile());
        List<Reference> refs = new ArrayList<>();
        for (JsonNode ref : root.get("generations")) {
            JsonNode ids = ref.get("prompt_token_ids");
            long[] prompt = new long[ids.size()];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = ids.get(i).asLong();
            }
            List<Long> greedy = new ArrayList<>();
            ref.get("greedy_token_ids").forEach(n -> greedy.add(n.asLong()));
            refs.add(new Reference(ref.get("prompt").asText(), prompt, greedy, ref.get("text").asText()));
        }
        return new References(root.get("max_new_tokens").asInt(), refs);
    }

    public static List<Long> boxed(long[] ids) {
        List<Long> out = new ArrayList<>();
        for (long id : ids) {
            out.add(id);
        }
        return out;
    }
}
