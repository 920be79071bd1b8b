package dev.loopline.web;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import dev.loopline.common.DomainException;
import dev.loopline.engine.EngineException;

/** Renders domain failures of page controllers as a finished error page with the right status. */
@ControllerAdvice(annotations = Controller.class)
class PageExceptionHandler {

    private final ViewHelpers views;

    PageExceptionHandler(ViewHelpers views) {
        this.views = views;
    }

    @ExceptionHandler
    ModelAndView domain(DomainException e) {
        return ErrorPages.page(ApiExceptionHandler.statusOf(e), e.getMessage());
    }

    @ExceptionHandler
    ModelAndView unsafeSchema(dev.loopline.engine.UnsafeSchemaException e) {
        return ErrorPages.page(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler
    ModelAndView integrity(DataIntegrityViolationException e) {
        return domain(DataIntegrityErrors.translate(e));
    }

    @ExceptionHandler
    ModelAndView engine(EngineException e) {
        return ErrorPages.page(HttpStatus.SERVICE_UNAVAILABLE, "The database server did not do what was asked: "
                + e.getMessage());
    }

    /**
     * A path that cannot name anything is a 404. A form field of the wrong kind ("abc" or nothing in a number field)
     * sends the person back to the form they came from, with a sentence naming the field; a query parameter of the
     * wrong kind is a 400 that names it.
     */
    @ExceptionHandler
    ModelAndView typeMismatch(MethodArgumentTypeMismatchException e, jakarta.servlet.http.HttpServletRequest request) {
        if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            return ErrorPages.page(HttpStatus.NOT_FOUND, "There is nothing at this address.");
        }
        String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
        Class<?> type = e.getRequiredType();
        boolean number = type != null && (Number.class.isAssignableFrom(type) || type == int.class || type == long.class);
        String field = views.words(e.getName());
        String sentence = value.isBlank() ? field + " is required." : field + " must be " + (number
                ? "a whole number" : "a valid value") + "; '" + dev.loopline.common.TextLimits.quoted(value) + "' is not.";
        return backToForm(request, sentence).orElseGet(() -> ErrorPages.page(HttpStatus.BAD_REQUEST, "'"
                + dev.loopline.common.TextLimits.quoted(value) + "' is not a valid " + e.getName()
                + ". Go back and check the address."));
    }

    /** A form sent without one of its fields: back to the form, saying which. */
    @ExceptionHandler
    ModelAndView missingField(org.springframework.web.bind.MissingServletRequestParameterException e,
            jakarta.servlet.http.HttpServletRequest request) {
        String sentence = views.words(e.getParameterName()) + " is required.";
        return backToForm(request, sentence).orElseGet(() -> ErrorPages.page(HttpStatus.BAD_REQUEST, sentence));
    }

    /**
     * For a form posted from one of Loopline's own pages: a redirect back to that page with {@code sentence} as its
     * error (shown by the layout). Empty for anything else (a GET, no or a foreign Referer).
     */
    private static java.util.Optional<ModelAndView> backToForm(jakarta.servlet.http.HttpServletRequest request,
            String sentence) {
        String referer = request.getHeader("Referer");
        if (!"POST".equals(request.getMethod()) || referer == null) {
            return java.util.Optional.empty();
        }
        try {
            java.net.URI from = java.net.URI.create(referer);
            if (from.getHost() != null && !from.getHost().equalsIgnoreCase(request.getServerName())
                    || from.getRawPath() == null || !from.getRawPath().startsWith("/") || from.getRawPath().startsWith("//")) {
                return java.util.Optional.empty();
            }
            var flash = org.springframework.web.servlet.support.RequestContextUtils.getOutputFlashMap(request);
            flash.put("error", sentence);
            String back = from.getRawPath() + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery());
            return java.util.Optional.of(new ModelAndView("redirect:" + back));
        }
        catch (IllegalArgumentException malformed) {
            return java.util.Optional.empty();
        }
    }

    @ExceptionHandler
    ModelAndView concurrentUpdate(ObjectOptimisticLockingFailureException e) {
        return ErrorPages.page(HttpStatus.CONFLICT, "Someone else changed this at the same moment. Go back, reload and try again.");
    }
}
