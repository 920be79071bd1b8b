package dev.loopline.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import dev.loopline.common.ApiError;

/**
 * Answers whatever reaches the servlet container's error path: JSON {@code {code, message}} under {@code /api},
 * a finished page elsewhere. Never a stack trace.
 */
@Controller
class LooplineErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiError> json(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(apiError(status, request));
    }

    @RequestMapping("/error")
    Object page(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null && ApiPaths.isApi(uri.toString().substring(Math.min(uri.toString().length(),
                request.getContextPath().length())))) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(apiError(status, request));
        }
        return ErrorPages.page(status, switch (status.value()) {
            case 404 -> "There is nothing at this address. Check the link, or start again from the dashboard.";
            case 403 -> "Your roles do not allow this. Ask an admin if you need access.";
            case 400 -> "The request could not be understood. Go back and check what you entered.";
            case 405 -> "This address does not take that kind of request (e.g. a form sent to a page that only shows "
                    + "something). Go back and use the page's own buttons.";
            default -> status.is4xxClientError() ? "The server could not accept this request. Go back and try again."
                    : "Something went wrong on our side. It has been logged; try again in a moment.";
        });
    }

    private static ApiError apiError(HttpStatus status, HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return switch (status.value()) {
            case 404 -> new ApiError("not_found", "There is no API resource at " + uri + ".");
            case 405 -> new ApiError("method_not_allowed", "This method is not supported at " + uri + ".");
            case 401 -> new ApiError("unauthenticated", "Send a service token as 'Authorization: Bearer <token>'.");
            case 403 -> new ApiError("forbidden", "This token's roles do not allow this request.");
            case 400 -> new ApiError("malformed_request", "The request could not be understood.");
            default -> status.is4xxClientError()
                    ? new ApiError("bad_request", status.getReasonPhrase())
                    : new ApiError("internal_error", "Something went wrong on our side; it has been logged.");
        };
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
