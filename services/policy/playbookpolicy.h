#pragma once

#include "enums.h"
#include "result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace warroom {

/// The schema of one playbook variable (`vars: {name: {type, pattern, enum, min, max, required}}`).
struct VarSpec
{
    QString name;
    QString type; ///< string, integer, number, boolean
    QString pattern; ///< a regular expression the whole string must match (strings)
    /// `pattern` anchored, compiled once when the policy is read (validateVars
    /// compiles it on the spot when it is not set).
    QRegularExpression anchored;
    QStringList enumValues; ///< allowed values (strings and integers, compared as text)
    std::optional<double> min; ///< lower bound (integers, numbers)
    std::optional<double> max; ///< upper bound (integers, numbers)
    bool required = false;
};

/// One whitelisted playbook.
struct PlaybookEntry
{
    QString id;
    QString file; ///< relative to the directory of the policy file
    QString description;
    QString sha256; ///< the pin; empty means "not reviewed", never runs
    Risk risk = Risk::Low;
    bool mutates = false;
    QStringList approverRoles;
    QString rollback; ///< id of the playbook that reverses this one (mutating entries)
    QString validation; ///< id of the playbook that proves this one worked (optional)
    QStringList environments;
    QMap<QString, VarSpec> vars;
    int line = 0; ///< where the entry starts in the policy file (1-based)
};

/// Where playbooks may run.
struct EnvironmentPolicy
{
    QString name;
    QString inventory; ///< absolute
    QStringList allowedHosts; ///< the --limit; empty means nothing may run there
    bool allowApply = false;
};

/// The execution policy (playbooks/policy.yaml): the whitelist, the pins,
/// the variable schemas, the environments and the default mode. Loading is
/// strict: unknown keys, bad values and dangling ids are errors with file:line.
class ExecutionPolicy
{
public:
    ExecutionPolicy() = default;

    /// Loads and checks `file`; every problem is reported, one per line.
    static Expected<ExecutionPolicy> load(const QString &file);

    QString file() const { return m_file; }
    /// The directory of the policy file; `file` and `inventory` paths are relative to it.
    QString baseDir() const { return m_baseDir; }
    QString mode() const { return m_mode; } ///< simulate, check or apply
    int timeoutSeconds() const { return m_timeoutSeconds; }
    int approvalTtlMinutes() const { return m_approvalTtlMinutes; }

    const QList<PlaybookEntry> &playbooks() const { return m_playbooks; }
    const QList<EnvironmentPolicy> &environments() const { return m_environments; }
    const PlaybookEntry *playbook(const QString &id) const;
    const EnvironmentPolicy *environment(const QString &name) const;

    /// The absolute path of the entry's playbook file.
    QString absoluteFile(const PlaybookEntry &entry) const;

    /// Checks `vars` against the entry's schema: unknown names, missing
    /// required ones, wrong types, patterns, enums, bounds and control
    /// characters are refused (InvalidInput naming the variable and the rule).
    Status validateVars(const PlaybookEntry &entry, const QJsonObject &vars) const;

    /// The sha256 of the playbook file on disk when it matches the pin;
    /// Forbidden when the entry is not pinned or the file differs.
    Expected<QString> verifyPin(const PlaybookEntry &entry) const;

private:
    QString m_file;
    QString m_baseDir;
    QString m_mode = QStringLiteral("check");
    int m_timeoutSeconds = 900;
    int m_approvalTtlMinutes = 30;
    QList<PlaybookEntry> m_playbooks;
    QList<EnvironmentPolicy> m_environments;
};

/// The sha256 (lower-case hex) of a file, or an error when it cannot be read.
Expected<QString> fileSha256(const QString &path);

/// The ids of the playbooks the whitelist (playbooks/policy.yaml) lists,
/// each with the id of its rollback (empty when it names none). The
/// knowledge lint checks every DIP and validation against them. Lenient:
/// only the ids and rollbacks are read.
Expected<QHash<QString, QString>> whitelistedPlaybooks(const QString &policyFile);

} // namespace warroom
