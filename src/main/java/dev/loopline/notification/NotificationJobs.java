package dev.loopline.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.database.SecretBox;

/**
 * The notification module's wiring and Quartz jobs (group {@code notification}): the outbox sender, every 10 seconds
 * and at once after an event queued a message; the outbox pruner (which also deletes old in-app notifications), every
 * hour; and the revert-window watcher, every minute.
 */
@Configuration(proxyBeanMethods = false)
class NotificationJobs {

    static final String GROUP = "notification";
    static final JobKey SENDER = JobKey.jobKey("webhook-sender", GROUP);
    static final JobKey REVERT_WATCHER = JobKey.jobKey("revert-window-watcher", GROUP);
    static final JobKey PRUNER = JobKey.jobKey("outbox-pruner", GROUP);

    @Bean
    Outbox outbox(JdbcTemplate jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    UrlGuard urlGuard(WebhookProperties properties) {
        return new UrlGuard(properties.allowPrivateNetwork(), UrlGuard.DNS);
    }

    @Bean
    OutboxSender outboxSender(Outbox outbox, TransactionTemplate tx, Clock clock, WebhookProperties properties,
            UrlGuard guard, SecretBox secrets, ApplicationEventPublisher events, EventCatalogue catalogue) {
        UnaryOperator<String> open = secrets::open;
        return new OutboxSender(outbox, tx, clock, properties, guard, open, events, catalogue);
    }

    /** Sends due messages; one run at a time across the cluster, and claims keep two nodes off one message anyway. */
    @DisallowConcurrentExecution
    static class SenderJob extends QuartzJobBean {

        private final OutboxSender sender;
        private final Clock clock;

        SenderJob(OutboxSender sender, Clock clock) {
            this.sender = sender;
            this.clock = clock;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            int sent = sender.sendDue(clock.instant());
            context.setResult(sent == 0 ? "Nothing due" : sent + " message(s) attempted");
        }
    }

    /**
     * Deletes delivered and given-up messages older than {@code loopline.webhooks.keep-finished}, with their log, and
     * in-app notifications older than {@code loopline.notifications.keep}.
     */
    @DisallowConcurrentExecution
    static class PrunerJob extends QuartzJobBean {

        private final Outbox outbox;
        private final WebhookProperties properties;
        private final NotificationService notifications;
        private final NotificationProperties notificationProperties;
        private final Clock clock;

        PrunerJob(Outbox outbox, WebhookProperties properties, NotificationService notifications,
                NotificationProperties notificationProperties, Clock clock) {
            this.outbox = outbox;
            this.properties = properties;
            this.notifications = notifications;
            this.notificationProperties = notificationProperties;
            this.clock = clock;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            Instant now = clock.instant();
            int messages = outbox.pruneFinishedBefore(now.minus(properties.keepFinished()));
            int notices = notifications.pruneCreatedBefore(now.minus(notificationProperties.keep()));
            context.setResult(messages + notices == 0 ? "Nothing to delete"
                    : "Deleted " + messages + " finished message(s) and " + notices + " in-app notification(s)");
        }
    }

    @DisallowConcurrentExecution
    static class RevertWatcherJob extends QuartzJobBean {

        private final RevertWindowWatcher watcher;

        RevertWatcherJob(RevertWindowWatcher watcher) {
            this.watcher = watcher;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            int announced = watcher.announceClosingWindows();
            context.setResult(announced == 0 ? "No revert window closing soon" : announced + " announced");
        }
    }

    @Bean
    JobDetail webhookSenderJob() {
        return JobBuilder.newJob(SenderJob.class).withIdentity(SENDER).storeDurably()
                .withDescription("Sends webhook messages from the outbox, retrying failed ones with back-off").build();
    }

    @Bean
    Trigger webhookSenderTrigger(JobDetail webhookSenderJob) {
        return TriggerBuilder.newTrigger().forJob(webhookSenderJob).withIdentity("webhook-sender", GROUP)
                .withDescription("Every 10 seconds, and at once when an event queues a message")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(10).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail outboxPrunerJob() {
        return JobBuilder.newJob(PrunerJob.class).withIdentity(PRUNER).storeDurably()
                .withDescription("Deletes delivered and given-up webhook messages, with their delivery log, after "
                        + "loopline.webhooks.keep-finished (30 days by default), and in-app notifications, read or "
                        + "not, after loopline.notifications.keep (90 days by default)").build();
    }

    @Bean
    Trigger outboxPrunerTrigger(JobDetail outboxPrunerJob) {
        return TriggerBuilder.newTrigger().forJob(outboxPrunerJob).withIdentity("outbox-pruner", GROUP)
                .withDescription("Every hour")
                .withSchedule(SimpleScheduleBuilder.repeatHourlyForever(1).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail revertWindowWatcherJob() {
        return JobBuilder.newJob(RevertWatcherJob.class).withIdentity(REVERT_WATCHER).storeDurably()
                .withDescription("Announces revert windows that close within "
                        + RevertWindowWatcher.NOTICE.toMinutes() + " minutes, once per deployment").build();
    }

    @Bean
    Trigger revertWindowWatcherTrigger(JobDetail revertWindowWatcherJob) {
        return TriggerBuilder.newTrigger().forJob(revertWindowWatcherJob).withIdentity("revert-window-watcher", GROUP)
                .withDescription("Every minute")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
