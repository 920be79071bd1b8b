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

    /** A path that cannot name anything is a 404; a query parameter of the wrong kind is a 400 that names it. */
    @ExceptionHandler
    ModelAndView typeMismatch(MethodArgumentTypeMismatchException e) {
        if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            return ErrorPages.page(HttpStatus.NOT_FOUND, "There is nothing at this address.");
        }
        return ErrorPages.page(HttpStatus.BAD_REQUEST, "'" + dev.loopline.common.TextLimits.quoted(String.valueOf(
                e.getValue())) + "' is not a valid " + e.getName() + ". Go back and check the address.");
    }

    @ExceptionHandler
    ModelAndView concurrentUpdate(ObjectOptimisticLockingFailureException e) {
        return ErrorPages.page(HttpStatus.CONFLICT, "Someone else changed this at the same moment. Go back, reload and try again.");
    }
}
