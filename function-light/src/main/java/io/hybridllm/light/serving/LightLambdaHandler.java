package io.hybridllm.light.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.lambda.FunctionUrlEnvelope;
import jakarta.inject.Named;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lambda entry point, reached two ways. Invoked directly, the event is an OpenAI chat request and the
 * result a chat completion, or the OpenAI error body ({@code {"error":{...}}}) instead of a Lambda
 * function error, so the caller can tell a client mistake from a crash. Through a function URL, the
 * event wraps the HTTP request and the result carries the HTTP status, as the REST endpoint would.
 * Either way the request is validated by the same parser as HTTP (the router may send anything).
 * A function URL event for {@code GET /v1/models} gets the model list, as the REST endpoint does.
 */
@Named("light")
public class LightLambdaHandler implements RequestHandler<JsonNode, Object> {

    private static final Logger LOG = Logger.getLogger(LightLambdaHandler.class);

    private final LightService service;
    private final ObjectMapper mapper;

    public LightLambdaHandler(LightService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        Optional<byte[]> httpBody;
        try {
            httpBody = FunctionUrlEnvelope.httpBody(event);
        } catch (ApiException e) {
            return FunctionUrlEnvelope.httpResponse(e.error().status(), json(e.error().body()));
        }
        if (httpBody.isPresent()) {
            // The router reads the model version (part of its cache keys) this way when it invokes light.
            if (isModelListRequest(event)) {
                return FunctionUrlEnvelope.httpResponse(200, json(service.models()));
            }
            try {
                return FunctionUrlEnvelope.httpResponse(200, json(service.chat(service.parser().parseRoutedChat(httpBody.get()))));
            } catch (ApiException e) {
                return FunctionUrlEnvelope.httpResponse(e.error().status(), json(e.error().body()));
            } catch (RuntimeException e) {
                LOG.error("light function URL request failed", e);
                return FunctionUrlEnvelope.httpResponse(500, json(ApiError.internal("internal error").body()));
            }
        }
        try {
            byte[] body = mapper.writeValueAsBytes(event);
            return service.chat(service.parser().parseRoutedChat(body));
        } catch (ApiException e) {
            return e.error().body();
        } catch (JsonProcessingException e) {
            return ApiError.invalidRequest(400, "event is not valid JSON", null, "invalid_json").body();
        } catch (RuntimeException e) {
            LOG.error("light invocation failed", e);
            return ApiError.internal("internal error").body();
        }
    }

    private static boolean isModelListRequest(JsonNode event) {
        return "/v1/models".equals(event.path("rawPath").asText())
                && "GET".equalsIgnoreCase(event.path("requestContext").path("http").path("method").asText());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response record as JSON", e);
        }
    }
}
