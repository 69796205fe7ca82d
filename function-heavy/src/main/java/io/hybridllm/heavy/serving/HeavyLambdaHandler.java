package io.hybridllm.heavy.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.lambda.FunctionUrlEnvelope;
import io.hybridllm.core.validation.RequestParser;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lambda entry point. Invoked directly, the event is an OpenAI chat completion request body and the
 * result the chat.completion, or {@code {"status":..., "error":{...}}} when the request is refused.
 * Through a function URL, the event wraps the HTTP request and the result carries the HTTP status.
 * Lambda responses are buffered, so {@code stream:true} is answered as one completion.
 */
@Named("heavy")
public class HeavyLambdaHandler implements RequestHandler<Map<String, Object>, Object> {

    @Inject
    HeavyService service;

    @Inject
    RequestParser parser;

    @Inject
    ObjectMapper mapper;

    /** An error as a Lambda result; {@code status} is the HTTP status the REST API would use. */
    @RegisterForReflection
    public record LambdaError(int status, ApiError.Detail error) {}

    private static final Logger LOG = Logger.getLogger(HeavyLambdaHandler.class);

    @Override
    public Object handleRequest(Map<String, Object> event, Context context) {
        Optional<byte[]> httpBody;
        try {
            httpBody = FunctionUrlEnvelope.httpBody(mapper.valueToTree(event));
        } catch (ApiException e) {
            return FunctionUrlEnvelope.httpResponse(e.error().status(), json(e.error().body()));
        }
        if (httpBody.isPresent()) {
            try {
                return FunctionUrlEnvelope.httpResponse(200,
                        json(service.complete(parser.parseChat(httpBody.get()).withStream(false))));
            } catch (ApiException e) {
                return FunctionUrlEnvelope.httpResponse(e.error().status(), json(e.error().body()));
            } catch (RuntimeException e) {
                LOG.error("heavy function URL request failed", e);
                return FunctionUrlEnvelope.httpResponse(500, json(ApiError.internal("internal error").body()));
            }
        }
        try {
            byte[] body = mapper.writeValueAsBytes(event);
            return service.complete(parser.parseChat(body).withStream(false));
        } catch (ApiException e) {
            return new LambdaError(e.error().status(), e.error().body().error());
        } catch (JsonProcessingException e) {
            ApiError error = ApiError.invalidRequest(400, "event is not a JSON object", null, "invalid_json");
            return new LambdaError(400, error.body().error());
        } catch (RuntimeException e) {
            LOG.error("heavy invocation failed", e);
            return new LambdaError(500, ApiError.internal("internal error").body().error());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response record as JSON", e);
        }
    }
}
