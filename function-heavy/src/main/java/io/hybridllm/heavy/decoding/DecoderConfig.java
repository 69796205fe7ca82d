package io.hybridllm.heavy.decoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the decoding loop needs from a Hugging Face export's config.json, generation_config.json
 * and tokenizer_config.json. Shapes read here are cross-checked against the ONNX graph's inputs.
 *
 * @param layers num_hidden_layers
 * @param kvHeads num_key_value_heads (GQA), else num_attention_heads
 * @param headDim head_dim, else hidden_size / num_attention_heads
 * @param maxPositions max_position_embeddings (0 when unknown)
 * @param bosId id prepended when the tokenizer does not add it itself (-1: none)
 * @param padId id written into left padding (pad_token_id, else the first eos id, else 0); padded
 *              positions are masked out, so its value only has to be a valid id
 * @param eosIds ids that end a generation (config and generation_config merged)
 * @param addBos tokenizer_config add_bos_token (Llama default true when bos exists)
 * @param chatTemplate tokenizer_config chat_template, if any
 */
public record DecoderConfig(int layers, int kvHeads, int headDim, int vocabSize, int maxPositions,
                            long bosId, long padId, Set<Long> eosIds, boolean addBos, Optional<String> chatTemplate) {

    static DecoderConfig read(Path dir, ObjectMapper mapper) throws ModelLoadException {
        JsonNode config = json(dir.resolve("config.json"), mapper, true);
        JsonNode generation = json(dir.resolve("generation_config.json"), mapper, false);
        JsonNode tokenizer = json(dir.resolve("tokenizer_config.json"), mapper, false);
        int layers = required(config, "num_hidden_layers", "n_layer");
        int heads = required(config, "num_attention_heads", "n_head");
        int kvHeads = config.path("num_key_value_heads").asInt(heads);
        int headDim = config.hasNonNull("head_dim") ? config.get("head_dim").asInt()
                : required(config, "hidden_size", "n_embd") / heads;
        int vocab = required(config, "vocab_size", "vocab_size");
        int maxPositions = config.path("max_position_embeddings").asInt(config.path("n_positions").asInt(0));
        long bos = generation.path("bos_token_id").asLong(config.path("bos_token_id").asLong(-1));
        Set<Long> eos = new LinkedHashSet<>();
        addIds(eos, config.get("eos_token_id"));
        addIds(eos, generation.get("eos_token_id"));
        long pad = generation.path("pad_token_id").asLong(config.path("pad_token_id").asLong(
                eos.isEmpty() ? 0 : eos.iterator().next()));
        boolean addBos = tokenizer.path("add_bos_token").asBoolean(bos >= 0);
        Optional<String> template = tokenizer.path("chat_template").isTextual()
                ? Optional.of(tokenizer.get("chat_template").asText()) : Optional.empty();
        return new DecoderConfig(layers, kvHeads, headDim, vocab, maxPositions, bos, pad, Set.copyOf(eos), addBos,
                template);
    }

    private static void addIds(Set<Long> ids, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> ids.add(n.asLong()));
        } else {
            ids.add(node.asLong());
        }
    }

    private static int required(JsonNode config, String name, String alias) throws ModelLoadException {
        JsonNode node = config.hasNonNull(name) ? config.get(name) : config.get(alias);
        if (node == null || !node.canConvertToInt()) {
            throw new ModelLoadException("config.json lacks '" + name + "'");
        }
        return node.asInt();
    }

    private static JsonNode json(Path file, ObjectMapper mapper, boolean required) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new ModelLoadException("missing " + file);
            }
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
