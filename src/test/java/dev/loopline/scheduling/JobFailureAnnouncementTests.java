package dev.loopline.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * A job that fails every minute must not flood the audit log and every webhook: {@code job.failed} is announced when
 * the job starts failing, and again only after it has succeeded in between. Every run stays in its history.
 */
class JobFailureAnnouncementTests extends AbstractIntegrationTest {

    @Autowired
    JobHistory history;

    @Autowired
    JdbcTemplate jdbc;

    private final String name = "flaky-" + UUID.randomUUID().toString().substring(0, 8);

    private void run(boolean fails) {
        JobExecutionContext context = mock(JobExecutionContext.class);
        JobDetail detail = mock(JobDetail.class);
        Trigger trigger = mock(Trigger.class);
        when(context.getJobDetail()).thenReturn(detail);
        when(detail.getKey()).thenReturn(JobKey.jobKey(name, "backup"));
        when(context.getTrigger()).thenReturn(trigger);
        when(trigger.getKey()).thenReturn(TriggerKey.triggerKey(name, "backup"));
        history.jobToBeExecuted(context);
        history.jobWasExecuted(context, fails ? new JobExecutionException("Disk full") : null);
    }

    private int announced() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE action = 'job.failed' AND target_id = ?",
                Integer.class, "backup/" + name);
    }

    private int runsRecorded() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM job_run WHERE job_name = ?", Integer.class, name);
    }

    @Test
    void announcesAJobThatStartsFailingOnceNotOnEveryFailedRun() {
        run(false);
        for (int i = 0; i < 5; i++) {
            run(true);
        }
        assertThat(announced()).as("five failures in a row, one announcement").isEqualTo(1);

        run(false);
        run(true);
        run(true);
        assertThat(announced()).as("failing again after a success is news again").isEqualTo(2);
        assertThat(runsRecorded()).as("every run is in the history").isEqualTo(9);
    }
}
