#include "runbookrepository.h"

#include "sha256.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace warroom {

RunbookRepository::RunbookRepository(Config config)
    : m_config(std::move(config))
{ }

RunbookRepository::Result RunbookRepository::git(const QStringList &args, const QByteArray &input,
                                                 const QStringList &env) const
{
    Result r;
    const QString exe
        = QDir::isAbsolutePath(m_config.git) ? m_config.git : QStandardPaths::findExecutable(m_config.git);
    if (exe.isEmpty()) {
        r.err = u"git is not installed"_s;
        return r;
    }
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    // No user or system configuration (hooks, signing, aliases) gets a say.
    e.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    e.insert(u"GIT_CONFIG_GLOBAL"_s, u"/dev/null"_s);
    e.insert(u"GIT_TERMINAL_PROMPT"_s, u"0"_s);
    for (const QString &kv : env)
        e.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    p.setProcessEnvironment(e);
    p.start(exe, QStringList {u"-C"_s, m_config.path} + args);
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = u"git %1 timed out"_s.arg(args.value(0));
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (r.exitCode != 0)
        r.err = u"git %1: %2"_s.arg(args.value(0), QString::fromUtf8(p.readAllStandardError()).trimmed().left(500));
    return r;
}

QString RunbookRepository::policyRelative(const QString &playbookPath) const
{
    // The policy that reads whitelist.d lives in its parent directory, and
    // its `file:` paths are relative to it.
    const QString policyDir = m_config.whitelistDir.section(u'/', 0, -2);
    if (!policyDir.isEmpty() && playbookPath.startsWith(policyDir + u'/'))
        return playbookPath.mid(policyDir.size() + 1);
    return playbookPath;
}

QString RunbookRepository::whitelistEntry(const RemediationDraft &draft, const QString &playbookPath) const
{
    const bool destructive = draft.destructiveCount() > 0;
    QString y;
    y += u"# Pinned by warroom when %1 approved remediation draft %2 for %3 at %4.\n"_s.arg(
        draft.reviewer, draft.id, draft.incidentKey, draft.decidedAt.toUTC().toString(Qt::ISODate));
    y += u"# Merge this branch through the runbook repository's normal review; warroom never merges it.\n"_s;
    y += u"playbooks:\n"_s;
    y += u"  - id: remediation-%1\n"_s.arg(draft.id);
    y += u"    file: %1\n"_s.arg(playbookPath);
    y += u"    description: "_s + RemediationDrafter::quote(draft.title) + u'\n';
    y += u"    sha256: \"%1\"\n"_s.arg(draft.sha256);
    y += u"    risk: %1\n"_s.arg(destructive ? u"high"_s : u"medium"_s);
    y += u"    mutates: true\n"_s;
    y += u"    approver_roles: [change-approver, mim]\n"_s;
    y += u"    rollback: \"\"\n"_s;
    y += u"    environments: [uat]\n"_s;
    y += u"    destructive_tasks: %1\n"_s.arg(draft.destructiveCount());
    y += u"    source_incident: %1\n"_s.arg(draft.incidentKey);
    y += u"    approved_by: "_s + RemediationDrafter::quote(draft.reviewer) + u'\n';
    y += u"    vars: {}\n"_s;
    return y;
}

Expected<RunbookRepository::Commit> RunbookRepository::commitApproved(const RemediationDraft &draft) const
{
    if (draft.state != RemediationDraft::State::Approved || draft.reviewer.isEmpty())
        return makeError(ErrorCode::Conflict, u"runbooks: draft %1 is not approved by a person"_s.arg(draft.id));
    static const QRegularExpression safeId(u"^[a-z0-9][a-z0-9-]{0,80}$"_s);
    if (!safeId.match(draft.id).hasMatch())
        return makeError(ErrorCode::InvalidInput, u"runbooks: unsafe draft id \"%1\""_s.arg(draft.id.left(80)));
    if (sha256Hex({draft.yaml.toUtf8()}) != draft.sha256)
        return makeError(ErrorCode::Conflict,
                         u"runbooks: draft %1 changed after review (sha256 mismatch)"_s.arg(draft.id));

    Commit c;
    c.branch = m_config.branchPrefix + draft.id;
    c.playbookPath = m_config.playbookDir + u'/' + draft.id + u".yml"_s;
    c.whitelistPath = m_config.whitelistDir + u'/' + draft.id + u".yaml"_s;

    if (Result r = git({u"check-ref-format"_s, u"--branch"_s, c.branch}); r.exitCode != 0)
        return makeError(ErrorCode::InvalidInput, u"runbooks: invalid branch name %1"_s.arg(c.branch));
    const Result base = git({u"rev-parse"_s, u"--verify"_s, u"--quiet"_s, m_config.base + u"^{commit}"_s});
    if (base.exitCode != 0)
        return makeError(ErrorCode::Unavailable,
                         u"runbooks: %1 has no commit %2 to branch from"_s.arg(m_config.path, m_config.base));
    const QString parent = QString::fromLatin1(base.out.trimmed());
    if (git({u"rev-parse"_s, u"--verify"_s, u"--quiet"_s, u"refs/heads/"_s + c.branch}).exitCode == 0)
        return makeError(ErrorCode::Conflict, u"runbooks: branch %1 already exists"_s.arg(c.branch));

    const Result playbookBlob = git({u"hash-object"_s, u"-w"_s, u"--stdin"_s}, draft.yaml.toUtf8());
    const Result entryBlob = git({u"hash-object"_s, u"-w"_s, u"--stdin"_s},
                                 whitelistEntry(draft, policyRelative(c.playbookPath)).toUtf8());
    if (playbookBlob.exitCode != 0 || entryBlob.exitCode != 0)
        return makeError(ErrorCode::Internal, u"runbooks: "_s + playbookBlob.err + entryBlob.err);

    // A private index: the repository's own index and work tree stay as they are.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return makeError(ErrorCode::Internal, u"runbooks: no temporary directory"_s);
    const QStringList indexEnv {u"GIT_INDEX_FILE="_s + scratch.filePath(u"index"_s)};
    for (const QStringList &args :
         {QStringList {u"read-tree"_s, parent},
          QStringList {u"update-index"_s, u"--add"_s, u"--cacheinfo"_s,
                       u"100644,%1,%2"_s.arg(QString::fromLatin1(playbookBlob.out.trimmed()), c.playbookPath)},
          QStringList {u"update-index"_s, u"--add"_s, u"--cacheinfo"_s,
                       u"100644,%1,%2"_s.arg(QString::fromLatin1(entryBlob.out.trimmed()), c.whitelistPath)}}) {
        if (Result r = git(args, {}, indexEnv); r.exitCode != 0)
            return makeError(ErrorCode::Internal, u"runbooks: "_s + r.err);
    }
    const Result tree = git({u"write-tree"_s}, {}, indexEnv);
    if (tree.exitCode != 0)
        return makeError(ErrorCode::Internal, u"runbooks: "_s + tree.err);

    const QString message
        = u"Remediation %1 for %2 (pinned, approved by %3)\n\n"_s
          u"%4\n\nPlaybook sha256: %5\nDestructive tasks: %6\n"_s
          u"Drafted by %7 from the incident timeline; approved in warroom. Not merged or applied by warroom.\n"_s
              .arg(draft.id, draft.incidentKey, draft.reviewer, draft.title, draft.sha256)
              .arg(draft.destructiveCount())
              .arg(draft.createdBy);
    const QString when = QString::number(draft.decidedAt.toSecsSinceEpoch()) + u" +0000"_s;
    const QStringList identity {u"GIT_AUTHOR_NAME="_s + draft.reviewer,
                                u"GIT_AUTHOR_EMAIL="_s + draft.reviewer + u"@warroom"_s,
                                u"GIT_AUTHOR_DATE="_s + when,
                                u"GIT_COMMITTER_NAME=warroom"_s,
                                u"GIT_COMMITTER_EMAIL=warroom@localhost"_s,
                                u"GIT_COMMITTER_DATE="_s + when};
    const Result commit
        = git({u"commit-tree"_s, QString::fromLatin1(tree.out.trimmed()), u"-p"_s, parent}, message.toUtf8(), identity);
    if (commit.exitCode != 0)
        return makeError(ErrorCode::Internal, u"runbooks: "_s + commit.err);
    c.commit = QString::fromLatin1(commit.out.trimmed());
    // The all-zero old value makes update-ref fail if the branch appeared meanwhile.
    const Result ref = git({u"update-ref"_s, u"-m"_s, u"warroom: remediation "_s + draft.id,
                            u"refs/heads/"_s + c.branch, c.commit, QString(40, u'0')});
    if (ref.exitCode != 0)
        return makeError(ErrorCode::Conflict, u"runbooks: "_s + ref.err);
    return c;
}

} // namespace warroom
