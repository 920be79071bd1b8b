package dev.loopline.pipeline.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.loopline.pipeline.CiKind;
import dev.loopline.pipeline.CiReceiver;

/**
 * {@code POST /api/v1/integrations/jenkins|github|gitlab}: the CI systems' own webhooks. No bearer token: each proves
 * itself with its integration's secret (see {@link CiReceiver}); the security configuration lets these paths through.
 */
@RestController
class CiReceiverController {

    private final CiReceiver receiver;

    CiReceiverController(CiReceiver receiver) {
        this.receiver = receiver;
    }

    /** {@code 202} with what was done; errors as {@code {code, message}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReceiptJson(String outcome, String code, String message, Long buildId, String status) {
    }

    /** Jenkins Notification plugin JSON; the token as HTTP Basic password or {@code ?token=}. */
    @PostMapping("/api/v1/integrations/jenkins")
    ResponseEntity<ReceiptJson> jenkins(HttpServletRequest request) throws IOException {
        return receive(CiKind.JENKINS, request);
    }

    /** GitHub {@code workflow_run} webhooks, checked with {@code X-Hub-Signature-256}. */
    @PostMapping("/api/v1/integrations/github")
    ResponseEntity<ReceiptJson> github(HttpServletRequest request) throws IOException {
        return receive(CiKind.GITHUB, request);
    }

    /** GitLab pipeline hooks, checked with {@code X-Gitlab-Token}. */
    @PostMapping("/api/v1/integrations/gitlab")
    ResponseEntity<ReceiptJson> gitlab(HttpServletRequest request) throws IOException {
        return receive(CiKind.GITLAB, request);
    }

    private ResponseEntity<ReceiptJson> receive(CiKind ciKind, HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(CiReceiver.MAX_BODY_BYTES + 1);
        }
        if (body.length > CiReceiver.MAX_BODY_BYTES) {
            return ResponseEntity.status(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_JSON).body(new ReceiptJson("refused", "payload_too_large",
                            "The delivery is larger than " + CiReceiver.MAX_BODY_BYTES / (1024 * 1024) + " MB.", null,
                            null));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        var receipt = receiver.receive(ciKind, new CiReceiver.Delivery(body, headers, request.getParameter("token")));
        return ResponseEntity.status(receipt.status()).contentType(MediaType.APPLICATION_JSON)
                .body(new ReceiptJson(receipt.outcome(), receipt.code(), receipt.message(), receipt.buildId(),
                        receipt.buildStatus()));
    }
}
