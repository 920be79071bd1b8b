package dev.loopline.backup;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.loopline.database.DatabaseService;
import dev.loopline.iteration.IterationStatus;

/** The Operate phase of an iteration shows the latest backup of its production branch and whether it restores. */
@Component
class IterationBackupStatus implements IterationStatus {

    private final BackupRepository backups;
    private final DatabaseService databases;

    IterationBackupStatus(BackupRepository backups, DatabaseService databases) {
        this.backups = backups;
        this.databases = databases;
    }

    @Override
    public java.util.Set<dev.loopline.iteration.Phase> phases() {
        return java.util.EnumSet.of(dev.loopline.iteration.Phase.OPERATE, dev.loopline.iteration.Phase.MONITOR);
    }

    @Override
    public List<Line> linesFor(long iterationId, String database) {
        List<Line> lines = new ArrayList<>();
        if (database == null) {
            return lines;
        }
        String production;
        try {
            production = databases.get(database).getDefaultBranch();
        }
        catch (dev.loopline.common.DomainException.NotFound e) {
            return lines; // the iteration names a database that does not exist (yet)
        }
        String url = "/databases/" + database + "/backups?branch=" + production;
        backups.findFirstByDatabaseAndBranchAndStateOrderByFinishedAtDescIdDesc(database, production, BackupState.SUCCESS)
                .ifPresentOrElse(backup -> {
                    lines.add(new Line("Latest backup", backup.getName() + " of " + production, url,
                            backup.getFinishedAt()));
                    lines.add(new Line("Test restore", backup.getVerification() == null ? "not verified yet"
                            : backup.getVerification().apiName().replace('_', ' ')
                                    + (backup.getVerificationReason() == null ? ""
                                    : " · " + backup.getVerificationReason()), url));
                }, () -> lines.add(new Line("Latest backup", "none yet of " + production, url)));
        return lines;
    }
}
