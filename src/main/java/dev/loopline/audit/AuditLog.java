package dev.loopline.audit;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the audit log. Writing happens only through events (see {@code AuditRecorder}). */
@Service
@Transactional(readOnly = true)
public class AuditLog {

    public static final int PAGE_SIZE = 50;

    private final AuditEntryRepository entries;

    AuditLog(AuditEntryRepository entries) {
        this.entries = entries;
    }

    /** Newest first; {@code actor} and {@code action} filter when not blank. */
    public Page<AuditEntry> search(String actor, String action, int page) {
        return entries.search(blankToNull(actor), blankToNull(action), PageRequest.of(
                Math.min(Math.max(page, 0), dev.loopline.common.Paging.MAX_PAGE), PAGE_SIZE));
    }

    public List<AuditEntry> latest(int count) {
        return entries.search(null, null, PageRequest.of(0, count)).getContent();
    }

    /** The recent history of one object, newest first. */
    public List<AuditEntry> forTarget(String targetType, String targetId) {
        return entries.findTop50ByTargetTypeAndTargetIdOrderByOccurredAtDescIdDesc(targetType, targetId);
    }

    public List<String> actions() {
        return entries.distinctActions();
    }

    public List<String> actors() {
        return entries.distinctActors();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
