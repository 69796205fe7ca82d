package io.hybridllm.router.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatCompletionChunk;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.router.routing.RouterService;
import io.hybridllm.router.routing.Routed;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Writes answers as OpenAI server-sent events, exactly {@code data: <json>\n\n} per event and
 * {@code data: [DONE]\n\n} last. Complete answers (cache, light) are cut into chunks; heavy
 * streams are relayed event by event as they arrive, with the router's hybrid info put on the
 * first chunk, and their text is handed back to the pipeline for caching when they finish.
 */
@ApplicationScoped
public class SseRelay {

    private static final Logger LOG = Logger.getLogger(SseRelay.class);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final RouterService router;

    public SseRelay(ObjectMapper mapper, RouterService router) {
        this.mapper = mapper;
        this.router = router;
    }

    public void writeAnswer(ChatCompletionResponse response, OutputStream out) throws IOException {
        for (ChatCompletionChunk chunk : ChatCompletionChunk.fromResponse(response)) {
            event(out, mapper.writeValueAsBytes(chunk));
        }
        event(out, ChatCompletionChunk.DONE.getBytes(StandardCharsets.US_ASCII));
    }

    public void relay(Routed.HeavyStream stream, OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        String model = null;
        boolean first = true;
        boolean done = false;
        boolean failed = false;
        try (Stream<String> lines = stream.upstream().body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue; // blank separators, comments (": keep-alive"), event/id fields
                }
                String payload = line.substring(5).strip();
                if (ChatCompletionChunk.DONE.equals(payload)) {
                    done = true;
                    break;
                }
                ChatCompletionChunk chunk;
                try {
                    JsonNode node = mapper.readTree(payload);
                    if (node.has("error")) {
                        // The heavy tier failed after output started: pass its error on and end the
                        // stream without [DONE], so the client does not take a partial answer for a whole one.
                        event(out, payload.getBytes(StandardCharsets.UTF_8));
                        failed = true;
                        break;
                    }
                    chunk = mapper.treeToValue(node, ChatCompletionChunk.class);
                } catch (JsonProcessingException e) {
                    LOG.warnf("heavy stream sent an unreadable event; ending the relay: %s", e.getOriginalMessage());
                    break;
                }
                text.append(chunk.contentDelta());
                if (model == null) {
                    model = chunk.model();
                }
                if (chunk.choices() != null && !chunk.choices().isEmpty()
                        && chunk.choices().get(0).finishReason() != null) {
                    finishReason = chunk.choices().get(0).finishReason();
                }
                if (first) {
                    ChatCompletionChunk tagged = new ChatCompletionChunk(chunk.id(), chunk.object(), chunk.created(),
                            chunk.model(), chunk.choices(), stream.info());
                    event(out, mapper.writeValueAsBytes(tagged));
                    first = false;
                } else {
                    event(out, payload.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (UncheckedIOException e) {
            // The heavy tier dropped the connection mid-answer; the client gets what arrived and [DONE].
            LOG.warnf("heavy stream cut short: %s", e.getMessage());
        } finally {
            router.finishStream(stream, text.toString(), finishReason, model, done);
        }
        if (!failed) {
            event(out, ChatCompletionChunk.DONE.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void event(OutputStream out, byte[] payload) throws IOException {
        out.write(DATA);
        out.write(payload);
        out.write(END);
        out.flush();
    }
}
