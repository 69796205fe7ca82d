package io.hybridllm.light.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import jakarta.inject.Named;

/**
 * Direct Lambda invocation: the event is an OpenAI chat request, the result a chat completion. The
 * event is re-validated by the same parser as HTTP (the router may send anything); a rejected event
 * returns the OpenAI error body ({@code {"error":{...}}}) instead of a Lambda function error, so the
 * caller can tell a client mistake (4xx status inside) from a crash.
 */
@Named("light")
public class LightLambdaHandler implements RequestHandler<JsonNode, Object> {

    private final LightService service;
    private final ObjectMapper mapper;

    public LightLambdaHandler(LightService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        try {
            byte[] body = mapper.writeValueAsBytes(event);
            return service.chat(service.parser().parseChat(body));
        } catch (ApiException e) {
            return e.error().body();
        } catch (JsonProcessingException e) {
            return ApiError.invalidRequest(400, "event is not valid JSON", null, "invalid_json").body();
        }
    }
}
