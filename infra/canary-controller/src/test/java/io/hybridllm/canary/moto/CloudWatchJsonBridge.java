package io.hybridllm.canary.moto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Test-only wire adapter. AWS SDK 2.59.1 talks to CloudWatch in Smithy RPC v2 CBOR
 * ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}); moto 5.2.1 serves CloudWatch
 * only in its JSON 1.0 and query protocols at {@code /} and answers the CBOR path with 404. This
 * interceptor, installed only on the moto tests' CloudWatch clients, re-encodes each request body
 * CBOR → JSON (same field names and values: the JSON protocol is the CBOR protocol's twin) with the
 * JSON protocol's path and headers, and each response JSON → CBOR. The controller's code and its
 * production clients are untouched.
 */
public final class CloudWatchJsonBridge implements ExecutionInterceptor {

    private static final Pattern CBOR_PATH = Pattern.compile("/service/(GraniteServiceVersion20100801)/operation/(\\w+)");
    private static final ExecutionAttribute<Boolean> BRIDGED = new ExecutionAttribute<>("moto.cloudwatch.bridged");
    private static final CBORFactory CBOR = new CBORFactory();
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        Matcher m = CBOR_PATH.matcher(request.encodedPath());
        if (!m.matches()) {
            return request;
        }
        attributes.putAttribute(BRIDGED, true);
        byte[] json = jsonBody(context);
        return request.toBuilder().encodedPath("/")
                .removeHeader("smithy-protocol").removeHeader("Accept")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", m.group(1) + "." + m.group(2))
                .putHeader("Content-Length", Integer.toString(json.length))
                .build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!bridged(context.httpRequest())) {
            return context.requestBody();
        }
        return Optional.of(RequestBody.fromBytes(jsonBody(context)));
    }

    /** Before or after {@link #modifyHttpRequest} rewrote it (the SDK may call the hooks in either order). */
    private static boolean bridged(SdkHttpRequest request) {
        return CBOR_PATH.matcher(request.encodedPath()).matches()
                || request.firstMatchingHeader("X-Amz-Target").filter(t -> t.startsWith("GraniteServiceVersion20100801.")).isPresent();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(BRIDGED))) {
            return context.httpResponse();
        }
        return context.httpResponse().toBuilder().removeHeader("Content-Length")
                .putHeader("Content-Type", "application/cbor").putHeader("smithy-protocol", "rpc-v2-cbor").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(BRIDGED)) || context.responseBody().isEmpty()) {
            return context.responseBody();
        }
        try (InputStream in = context.responseBody().get()) {
            byte[] json = in.readAllBytes();
            return Optional.of(new ByteArrayInputStream(json.length == 0 ? json : convert(json, JSON, CBOR)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jsonBody(Context.ModifyHttpRequest context) {
        byte[] body = context.requestBody().map(b -> {
            try (InputStream in = b.contentStreamProvider().newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
        if (body.length == 0) {
            return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return body[0] == '{' ? body : convert(body, CBOR, JSON); // already converted by the other hook
    }

    private static byte[] convert(byte[] bytes, JsonFactory from, JsonFactory to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser parser = from.createParser(bytes); JsonGenerator generator = to.createGenerator(out)) {
            if (parser.nextToken() != null) {
                generator.copyCurrentStructure(parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
