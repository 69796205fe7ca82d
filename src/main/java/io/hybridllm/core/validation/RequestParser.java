package io.hybridllm.core.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.EmbeddingRequest;
import io.hybridllm.core.api.SharedEmbedding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns raw request bytes into validated requests, or an {@link ApiException} whose error names
 * the offending parameter. Syntax problems (size, encoding, JSON) and field problems are told
 * apart by status: 413 for size, 400 for bytes that are not a JSON object, 422 for a JSON object
 * whose fields are wrong.
 */
public final class RequestParser {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private final ObjectMapper mapper;
    private final RequestLimits limits;

    public RequestParser(ObjectMapper mapper, RequestLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    public RequestLimits limits() {
        return limits;
    }

    /**
     * A client's chat request. The router's {@value SharedEmbedding#FIELD} extension is not read: a client
     * must not hand the light tier a vector of its choosing through the router.
     */
    public ChatCompletionRequest parseChat(byte[] body) {
        return chat(parseObject(body));
    }

    /**
     * A chat request as the light tier receives it, with the router's {@link SharedEmbedding} when the
     * body carries one. A malformed one is a 400 naming the field, never ignored: it means a broken or
     * hostile sender, and the request it came with is not to be trusted either.
     */
    public ChatCompletionRequest parseRoutedChat(byte[] body) {
        ObjectNode root = parseObject(body);
        return chat(root).withSharedEmbedding(sharedEmbedding(root.get(SharedEmbedding.FIELD)));
    }

    private ChatCompletionRequest chat(ObjectNode root) {
        List<ChatMessage> messages = messages(root.get("messages"));
        Integer maxTokens = maxTokens(root);
        Double temperature = number(root, "temperature", 0.0, 2.0);
        Double topP = number(root, "top_p", 0.0, 1.0);
        if (topP != null && topP == 0.0) {
            throw invalid("top_p must be greater than 0 and at most 1", "top_p", "invalid_value");
        }
        Boolean stream = bool(root, "stream");
        List<String> stop = stop(root.get("stop"));
        Long seed = integer(root, "seed");
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw invalid("only n=1 is supported", "n", "unsupported_value");
        }
        return new ChatCompletionRequest(text(root, "model"), messages, temperature, topP, maxTokens, stop,
                stream, seed, text(root, "user"), null);
    }

    private static SharedEmbedding sharedEmbedding(JsonNode node) {
        String field = SharedEmbedding.FIELD;
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw badEmbedding("'" + field + "' must be an object", field);
        }
        JsonNode encoder = node.get("encoder");
        if (encoder == null || !encoder.isTextual()) {
            throw badEmbedding("'" + field + ".encoder' must be a string", field + ".encoder");
        }
        JsonNode tokens = node.get("tokens");
        if (tokens == null || !tokens.isIntegralNumber() || !tokens.canConvertToInt()) {
            throw badEmbedding("'" + field + ".tokens' must be an integer", field + ".tokens");
        }
        JsonNode vector = node.get("vector");
        if (vector == null || !vector.isArray() || vector.size() > SharedEmbedding.MAX_DIMENSION) {
            throw badEmbedding("'" + field + ".vector' must be an array of at most " + SharedEmbedding.MAX_DIMENSION
                    + " numbers", field + ".vector");
        }
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) {
            if (!vector.get(i).isNumber()) {
                throw badEmbedding("'" + field + ".vector[" + i + "]' must be a number", field + ".vector[" + i + "]");
            }
            values[i] = vector.get(i).floatValue();
        }
        SharedEmbedding embedding = new SharedEmbedding(encoder.asText(), tokens.asInt(), values);
        embedding.problem().ifPresent(problem -> {
            throw badEmbedding("'" + field + "' is invalid: " + problem, field);
        });
        return embedding;
    }

    private static ApiException badEmbedding(String message, String param) {
        return new ApiException(ApiError.invalidRequest(400, message, param, "invalid_shared_embedding"));
    }

    public EmbeddingRequest parseEmbeddings(byte[] body) {
        ObjectNode root = parseObject(body);
        JsonNode input = root.get("input");
        List<String> inputs = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw invalid("'input' is required", "input", "missing_required_parameter");
        } else if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw invalid("'input' must be a string or an array of strings", "input[" + i + "]", "invalid_type");
                }
                inputs.add(input.get(i).asText());
            }
        } else {
            throw invalid("'input' must be a string or an array of strings", "input", "invalid_type");
        }
        if (inputs.isEmpty()) {
            throw invalid("'input' must not be empty", "input", "empty_array");
        }
        if (inputs.size() > limits.maxEmbeddingInputs()) {
            throw invalid("'input' has " + inputs.size() + " items; at most " + limits.maxEmbeddingInputs()
                    + " are accepted", "input", "too_many_inputs");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isBlank()) {
                throw invalid("'input' strings must not be empty", "input[" + i + "]", "invalid_value");
            }
        }
        return new EmbeddingRequest(text(root, "model"), inputs);
    }

    /**
     * The body as a JSON object, for endpoints with their own fields: 400 when empty, not UTF-8, not
     * JSON or not an object; 413 when over the size limit.
     */
    public ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(ApiError.invalidRequest(400, "request body is empty; expected a JSON object",
                    null, "invalid_json"));
        }
        if (body.length > limits.maxBodyBytes()) {
            throw new ApiException(ApiError.invalidRequest(413, "request body is " + body.length
                    + " bytes; the limit is " + limits.maxBodyBytes(), null, "request_too_large"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ApiError.invalidRequest(400, "request body is not valid UTF-8", null,
                    "invalid_encoding"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(ApiError.invalidRequest(400, "request body is not valid JSON" + where, null,
                    "invalid_json"));
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(ApiError.invalidRequest(400, "request body must be a JSON object", null,
                    "invalid_json"));
        }
        return (ObjectNode) root;
    }

    private List<ChatMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("'messages' is required", "messages", "missing_required_parameter");
        }
        if (!node.isArray()) {
            throw invalid("'messages' must be an array", "messages", "invalid_type");
        }
        if (node.isEmpty()) {
            throw invalid("'messages' must contain at least one message", "messages", "empty_array");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "messages[" + i + "]";
            JsonNode message = node.get(i);
            if (!message.isObject()) {
                throw invalid(at + " must be an object", at, "invalid_type");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw invalid(at + ".role is required and must be a string", at + ".role", "invalid_type");
            }
            if (!ROLES.contains(role.asText())) {
                throw invalid("unknown role '" + role.asText() + "'; expected one of system, developer, user, "
                        + "assistant, tool", at + ".role", "invalid_value");
            }
            messages.add(new ChatMessage(role.asText(), content(message.get("content"), role.asText(), at)));
        }
        return messages;
    }

    /** Content is a string or an array of text parts; other kinds of content are not served here. */
    private String content(JsonNode content, String role, String at) {
        if (content == null || content.isNull()) {
            if ("assistant".equals(role)) {
                return "";
            }
            throw invalid(at + ".content is required", at + ".content", "missing_required_parameter");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw invalid(at + ".content[" + i + "] must be a text part {\"type\":\"text\",\"text\":...}",
                            at + ".content[" + i + "]", "invalid_type");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw invalid(at + ".content must be a string", at + ".content", "invalid_type");
    }

    private Integer maxTokens(ObjectNode root) {
        // Newer OpenAI SDKs send max_completion_tokens; older ones max_tokens.
        String name = root.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw invalid("'" + name + "' must be an integer", name, "invalid_type");
        }
        long value = node.asLong();
        if (value < 1 || value > limits.maxTokens()) {
            throw invalid("'" + name + "' must be between 1 and " + limits.maxTokens() + "; got " + node.asText(),
                    name, "invalid_value");
        }
        return (int) value;
    }

    private Double number(ObjectNode root, String name, double min, double max) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid("'" + name + "' must be a number", name, "invalid_type");
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) {
            throw invalid("'" + name + "' must be between " + min + " and " + max + "; got " + node.asText(),
                    name, "invalid_value");
        }
        return value;
    }

    private Long integer(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid("'" + name + "' must be an integer", name, "invalid_type");
        }
        return node.asLong();
    }

    private Boolean bool(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid("'" + name + "' must be a boolean", name, "invalid_type");
        }
        return node.asBoolean();
    }

    private String text(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("'" + name + "' must be a string", name, "invalid_type");
        }
        return node.asText();
    }

    private List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> stops = new ArrayList<>();
        if (node.isTextual()) {
            stops.add(node.asText());
        } else if (node.isArray() && node.size() <= 4) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw invalid("'stop' must be a string or up to 4 strings", "stop[" + i + "]", "invalid_type");
                }
                stops.add(node.get(i).asText());
            }
        } else {
            throw invalid("'stop' must be a string or up to 4 strings", "stop", "invalid_type");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw invalid("'stop' strings must not be empty", "stop", "invalid_value");
        }
        return stops;
    }

    private static ApiException invalid(String message, String param, String code) {
        return new ApiException(ApiError.invalidRequest(422, message, param, code));
    }
}
