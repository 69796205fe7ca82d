package io.hybridllm.heavy.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.validation.RequestParser;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * Lambda entry point: the event is an OpenAI chat completion request body; the result is the
 * chat.completion, or {@code {"status":..., "error":{...}}} when the request is refused. Lambda
 * direct invocation cannot stream, so {@code stream:true} is answered as one completion.
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

    @Override
    public Object handleRequest(Map<String, Object> event, Context context) {
        try {
            byte[] body = mapper.writeValueAsBytes(event);
            return service.complete(parser.parseChat(body).withStream(false));
        } catch (ApiException e) {
            return new LambdaError(e.error().status(), e.error().body().error());
        } catch (JsonProcessingException e) {
            ApiError error = ApiError.invalidRequest(400, "event is not a JSON object", null, "invalid_json");
            return new LambdaError(400, error.body().error());
        }
    }
}
