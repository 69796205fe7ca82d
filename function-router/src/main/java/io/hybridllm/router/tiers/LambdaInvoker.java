package io.hybridllm.router.tiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reaches a tier's Lambda function through the Lambda Invoke API (synchronous, SigV4-signed with
 * the router's own role). The event is the HTTP request wrapped as a function URL event (payload
 * 2.0), which the tier functions already answer with {@code statusCode}, {@code headers} and
 * {@code body}; so an invoked tier keeps its HTTP statuses, and the router sorts them exactly as it
 * sorts HTTP replies ({@link TierHttp#checkStatus}).
 */
@ApplicationScoped
public class LambdaInvoker {

    private final TierHttp http;
    private final ObjectMapper mapper;
    private final Supplier<Optional<URI>> endpointOverride;
    private final Supplier<Map<String, String>> environment;
    private final Clock clock;

    @Inject
    public LambdaInvoker(TierHttp http, ObjectMapper mapper, RouterConfig config) {
        this(http, mapper, config::lambdaEndpoint, System::getenv, Clock.systemUTC());
    }

    LambdaInvoker(TierHttp http, ObjectMapper mapper, Supplier<Optional<URI>> endpointOverride,
                  Supplier<Map<String, String>> environment, Clock clock) {
        this.http = http;
        this.mapper = mapper;
        this.endpointOverride = endpointOverride;
        this.environment = environment;
        this.clock = clock;
    }

    /** The function's HTTP-shaped reply to {@code method path} with {@code body}; 2xx only, else it throws as TierHttp does. */
    public byte[] exchange(String tier, String function, String method, String path, byte[] body, Duration timeout) {
        byte[] reply = invoke(tier, function, functionUrlEvent(method, path, body), timeout);
        JsonNode envelope;
        try {
            envelope = mapper.readTree(reply);
        } catch (IOException e) {
            throw new TierUnavailableException(tier, "bad_response", "invocation result is not JSON", e);
        }
        if (envelope == null || !envelope.path("statusCode").isInt()) {
            throw new TierUnavailableException(tier, "bad_response", "invocation result has no statusCode", null);
        }
        byte[] payload = envelopeBody(tier, envelope);
        TierHttp.checkStatus(tier, envelope.get("statusCode").asInt(), payload,
                Optional.ofNullable(envelope.path("headers").path("content-type").textValue()));
        return payload;
    }

    /** One synchronous invocation; the function's result bytes. */
    byte[] invoke(String tier, String function, byte[] event, Duration timeout) {
        Map<String, String> env = environment.get();
        String region = env.get("AWS_REGION");
        AwsCredentials credentials = AwsCredentials.fromEnvironment(env).orElseThrow(() ->
                new TierUnavailableException(tier, "no_credentials", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY unset", null));
        if (region == null || region.isBlank()) {
            throw new TierUnavailableException(tier, "no_credentials", "AWS_REGION unset", null);
        }
        URI endpoint = endpointOverride.get().orElseGet(() -> URI.create("https://lambda." + region + ".amazonaws.com"
                + (region.startsWith("cn-") ? ".cn" : "")));
        URI uri = endpoint.resolve("/2015-03-31/functions/" + pathSegment(function) + "/invocations");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(event));
        SigV4Signer.sign("POST", uri, "application/json", event, credentials, region, "lambda", clock.instant())
                .forEach(request::header);
        HttpResponse<byte[]> response = http.send(tier, request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 429 || status == 502 || status == 503) {
            // Throttled or the service asks to come back: the function did not run.
            throw new RetryableTierException(tier, "invoke_" + status, "Lambda Invoke answered " + status, null);
        }
        if (status != 200) {
            throw new TierUnavailableException(tier, "invoke_" + status, "Lambda Invoke answered " + status + ": "
                    + abbreviate(response.body()), null);
        }
        Optional<String> functionError = response.headers().firstValue("x-amz-function-error");
        if (functionError.isPresent()) {
            throw new TierUnavailableException(tier, "function_error", functionError.get() + ": "
                    + abbreviate(response.body()), null);
        }
        return response.body();
    }

    private byte[] functionUrlEvent(String method, String path, byte[] body) {
        ObjectNode event = mapper.createObjectNode();
        event.put("version", "2.0");
        event.put("rawPath", path);
        event.putObject("headers").put("content-type", "application/json");
        event.putObject("requestContext").putObject("http").put("method", method).put("path", path);
        event.put("isBase64Encoded", true);
        event.put("body", Base64.getEncoder().encodeToString(body));
        try {
            return mapper.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("an ObjectNode always serialises", e);
        }
    }

    private static byte[] envelopeBody(String tier, JsonNode envelope) {
        JsonNode body = envelope.path("body");
        if (!body.isTextual()) {
            return new byte[0];
        }
        if (envelope.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new TierUnavailableException(tier, "bad_response", "body marked base64 is not base64", e);
            }
        }
        return body.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** A function name or ARN as one URI path segment (ARNs carry ':'). */
    static String pathSegment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
