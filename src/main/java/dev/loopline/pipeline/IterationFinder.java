package dev.loopline.pipeline;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.iteration.IterationService;

/**
 * Finds the iteration a build belongs to, in this order: the id CI gave; {@code iteration:<id>} or
 * {@code LL-<work item id>} in the commit message; an {@code iter-<id>-…} git branch (the name Loopline gives
 * iteration branches, also after a prefix such as {@code feature/}); the database branch the build tested against
 * (an iteration branch, or a branch made from one). Whatever is named must exist; otherwise the next clue is tried,
 * and a build without any stays unlinked.
 */
@Component
class IterationFinder {

    private static final Pattern ITERATION_TAG = Pattern.compile("(?i)\\biteration:\\s*#?(\\d{1,18})\\b");
    private static final Pattern WORK_ITEM_TAG = Pattern.compile("\\bLL-(\\d{1,18})\\b");
    private static final Pattern ITERATION_BRANCH = Pattern.compile("(?:^|[/_])iter-(\\d{1,18})(?:-|$)");

    /** Looked up lazily: the iteration service asks this module's gates, which use this finder's service. */
    private final org.springframework.beans.factory.ObjectProvider<IterationService> iterations;
    private final BranchService branches;

    IterationFinder(org.springframework.beans.factory.ObjectProvider<IterationService> iterations,
            BranchService branches) {
        this.iterations = iterations;
        this.branches = branches;
    }

    Optional<Long> find(BuildReport report) {
        return existing(report.iterationId())
                .or(() -> tagged(ITERATION_TAG, report.commitMessage()).flatMap(this::existing))
                .or(() -> tagged(WORK_ITEM_TAG, report.commitMessage()).flatMap(this::iterationOfWorkItem))
                .or(() -> tagged(ITERATION_BRANCH, stripRef(report.gitBranch())).flatMap(this::existing))
                .or(() -> ofTestBranch(report.testBranch()));
    }

    private static String stripRef(String gitBranch) {
        return gitBranch == null ? null : gitBranch.replaceFirst("^refs/heads/", "");
    }

    private static Optional<Long> tagged(Pattern pattern, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    private Optional<Long> existing(Long id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(iterations.getObject().get(id).getId());
        }
        catch (DomainException.NotFound e) {
            return Optional.empty();
        }
    }

    private Optional<Long> iterationOfWorkItem(long workItemId) {
        try {
            return Optional.ofNullable(iterations.getObject().getWorkItem(workItemId).getIterationId());
        }
        catch (DomainException.NotFound e) {
            return Optional.empty();
        }
    }

    /** The iteration of a {@code db/branch}: its own, or its parent's (a test branch made from the iteration branch). */
    private Optional<Long> ofTestBranch(String testBranch) {
        if (testBranch == null) {
            return Optional.empty();
        }
        String[] parts = testBranch.split("/", 2);
        Optional<Branch> branch = branches.find(parts[0], parts[1]);
        return branch.flatMap(b -> Optional.ofNullable(b.getIterationId())
                .or(() -> Optional.ofNullable(b.getParentBranch()).flatMap(p -> branches.find(parts[0], p))
                        .map(Branch::getIterationId)))
                .flatMap(this::existing)
                .or(() -> tagged(ITERATION_BRANCH, parts[1]).flatMap(this::existing));
    }
}
