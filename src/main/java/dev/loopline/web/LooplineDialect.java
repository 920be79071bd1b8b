package dev.loopline.web;

import java.time.Instant;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code ll:time="${instant}"} on a {@code <time>} element: the text is relative ("in 23 min", "5 min ago"), the
 * exact time is in {@code title} (shown on hover) and {@code datetime}. Formatting comes from {@link ViewHelpers}.
 */
@Component
class LooplineDialect extends AbstractProcessorDialect {

    private final ViewHelpers views;

    LooplineDialect(ViewHelpers views) {
        super("Loopline", "ll", 1000);
        this.views = views;
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        return Set.of(new TimeProcessor(dialectPrefix, views));
    }

    private static final class TimeProcessor extends AbstractAttributeTagProcessor {

        private final ViewHelpers views;

        TimeProcessor(String prefix, ViewHelpers views) {
            super(TemplateMode.HTML, prefix, null, false, "time", true, 1000, true);
            this.views = views;
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                String attributeValue, IElementTagStructureHandler structure) {
            Object value = StandardExpressions.getExpressionParser(context.getConfiguration())
                    .parseExpression(context, attributeValue).execute(context);
            if (!(value instanceof Instant instant)) {
                structure.setBody("–", false);
                return;
            }
            structure.setAttribute("datetime", views.iso(instant));
            structure.setAttribute("title", views.exact(instant));
            structure.setBody(views.relative(instant), false);
        }
    }
}
