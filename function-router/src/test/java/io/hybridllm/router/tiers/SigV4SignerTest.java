package io.hybridllm.router.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigV4SignerTest {

    /**
     * Expected values computed with botocore 1.x (the AWS SDK for Python), SigV4Auth(credentials,
     * "lambda", "eu-west-1").add_auth() on the same request with its clock fixed at 2026-12-04T08:30:00Z.
     */
    @Test
    void signsAnInvocationAsBotocoreDoes() {
        URI uri = URI.create("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/"
                + "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Ahybrid-light%3Alive/invocations");
        byte[] body = "{\"model\":\"hybrid-llm\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        AwsCredentials credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Optional.of("session-token-example"));

        Map<String, String> headers = SigV4Signer.sign("POST", uri, "application/json", body, credentials,
                "eu-west-1", "lambda", Instant.parse("2026-12-04T08:30:00Z"));

        assertEquals("20261204T083000Z", headers.get("x-amz-date"));
        assertEquals("session-token-example", headers.get("x-amz-security-token"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/eu-west-1/lambda/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                + "Signature=dbaae65086da932e47d0d691178c9c271f8cdea4994c7883f4652346bcf1e028",
                headers.get("authorization"));
    }

    @Test
    void encodesTheSentPathOnceMore() {
        assertEquals("/2015-03-31/functions/a%253Ab/invocations",
                SigV4Signer.canonicalPath("/2015-03-31/functions/a%3Ab/invocations"));
    }

    @Test
    void functionArnBecomesOnePathSegment() {
        assertEquals("arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Ahybrid-light%3Alive",
                LambdaInvoker.pathSegment("arn:aws:lambda:eu-west-1:123456789012:function:hybrid-light:live"));
    }
}
