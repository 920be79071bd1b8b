package dev.loopline.scheduling;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

/** A trigger's schedule as a person would say it; the cron expression is shown next to it. */
final class ScheduleWords {

    private ScheduleWords() {
    }

    static String of(List<? extends Trigger> triggers) {
        if (triggers.isEmpty()) {
            return "On demand";
        }
        List<? extends Trigger> repeating = triggers.stream().filter(t -> t instanceof CronTrigger
                || t instanceof SimpleTrigger s && s.getRepeatCount() != 0).toList();
        if (repeating.size() == 1) {
            return of(repeating.get(0));
        }
        if (repeating.isEmpty()) {
            return triggers.size() == 1 ? of(triggers.get(0)) : "On demand (" + triggers.size() + " waiting)";
        }
        return repeating.size() + " schedules";
    }

    static String of(Trigger trigger) {
        if (trigger instanceof CronTrigger cron) {
            return ofCron(cron.getCronExpression());
        }
        if (trigger instanceof SimpleTrigger simple) {
            if (simple.getRepeatCount() == 0) {
                Date at = simple.getNextFireTime() != null ? simple.getNextFireTime() : simple.getStartTime();
                return "Once, at " + at.toInstant().toString().substring(0, 16).replace('T', ' ') + " UTC";
            }
            return "Every " + every(simple.getRepeatInterval() / 1000);
        }
        return "Custom schedule";
    }

    static String every(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds == 3600 ? "hour" : seconds / 3600 + " hours";
        }
        if (seconds % 60 == 0) {
            return seconds == 60 ? "minute" : seconds / 60 + " minutes";
        }
        return seconds == 1 ? "second" : seconds + " seconds";
    }

    /** Common Quartz cron shapes in words; anything else is left as "Cron". */
    static String ofCron(String expression) {
        String[] f = expression.trim().split("\\s+");
        if (f.length < 6 || !f[0].equals("0")) {
            return "Cron " + expression;
        }
        String minute = f[1];
        String hour = f[2];
        String dayOfMonth = f[3];
        String month = f[4];
        String dayOfWeek = f[5];
        boolean everyDay = (dayOfMonth.equals("*") || dayOfMonth.equals("?")) && month.equals("*")
                && (dayOfWeek.equals("*") || dayOfWeek.equals("?"));
        if (everyDay && minute.matches("\\d+") && hour.matches("(0|\\*)/\\d+")) {
            return "Every " + every(Long.parseLong(hour.substring(hour.indexOf('/') + 1)) * 3600)
                    + (minute.equals("0") ? "" : " at minute " + minute);
        }
        if (everyDay && minute.matches("\\d+") && hour.equals("*")) {
            return "Every hour at minute " + minute;
        }
        if (everyDay && minute.matches("(0|\\*)/\\d+") && hour.equals("*")) {
            return "Every " + every(Long.parseLong(minute.substring(minute.indexOf('/') + 1)) * 60);
        }
        if (minute.matches("\\d+") && hour.matches("\\d+")) {
            String time = String.format("%02d:%02d UTC", Integer.parseInt(hour), Integer.parseInt(minute));
            if (everyDay) {
                return "Every day at " + time;
            }
            String days = dayOfMonth.equals("?") && month.equals("*") ? days(dayOfWeek) : null;
            if (days != null) {
                return days + " at " + time;
            }
        }
        return "Cron " + expression;
    }

    /** "Every Monday", "Monday to Friday", "Saturday and Sunday"; null for shapes without plain words. */
    private static String days(String dayOfWeek) {
        if (dayOfWeek.matches("\\w+")) {
            String day = dayName(dayOfWeek);
            return day == null ? null : "Every " + day;
        }
        if (dayOfWeek.matches("\\w+-\\w+")) {
            String from = dayName(dayOfWeek.substring(0, dayOfWeek.indexOf('-')));
            String to = dayName(dayOfWeek.substring(dayOfWeek.indexOf('-') + 1));
            return from == null || to == null ? null : from + " to " + to;
        }
        if (dayOfWeek.matches("\\w+(,\\w+)+")) {
            List<String> names = new java.util.ArrayList<>();
            for (String day : dayOfWeek.split(",")) {
                String name = dayName(day);
                if (name == null) {
                    return null;
                }
                names.add(name);
            }
            return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
        return null;
    }

    /** A Quartz day of the week, by name ({@code MON}) or number (1 is Sunday), in full; null if it is neither. */
    private static String dayName(String day) {
        if (day.matches("[1-7]")) {
            DayOfWeek sundayFirst = DayOfWeek.SUNDAY.plus(Integer.parseInt(day) - 1);
            return sundayFirst.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        }
        for (DayOfWeek value : DayOfWeek.values()) {
            if (value.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(day)) {
                return value.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            }
        }
        return null;
    }
}
