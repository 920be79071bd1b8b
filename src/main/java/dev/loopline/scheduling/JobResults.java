package dev.loopline.scheduling;

import java.util.function.Supplier;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** How Loopline's jobs report: the work's summary is the run's result; a failure fails the run (not refired). */
public final class JobResults {

    private JobResults() {
    }

    public static void report(JobExecutionContext context, Supplier<String> work) throws JobExecutionException {
        try {
            context.setResult(work.get());
        }
        catch (RuntimeException e) {
            throw new JobExecutionException(e.getMessage(), e, false);
        }
    }
}
