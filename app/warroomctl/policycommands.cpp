#include "policycommands.h"

#include "config.h"
#include "ctlcommands.h"
#include "playbookpolicy.h"
#include "policylint.h"

#include <QProcessEnvironment>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace warroom {

int runPolicyCommand(const QStringList &args, const QString &policyFile)
{
    QString file
        = policyFile.isEmpty() ? QProcessEnvironment::systemEnvironment().value(u"WARROOM_POLICY"_s) : policyFile;
    if (file.isEmpty())
        file = Config().effectivePolicyPath(); // the daemon's default: installed, else the source tree's
    const QString sub = args.value(0);
    if (sub == "lint"_L1 && args.size() == 1) {
        const QStringList findings = lintPolicy(file);
        for (const QString &f : findings)
            std::fprintf(stdout, "%s\n", qPrintable(f));
        if (findings.isEmpty())
            std::fprintf(stdout, "%s: no problems\n", qPrintable(file));
        return findings.isEmpty() ? ExitOk : ExitRefused;
    }
    if (sub == "pin"_L1 && args.size() == 2) {
        Expected<ExecutionPolicy> policy = ExecutionPolicy::load(file);
        if (!policy) {
            std::fprintf(stderr, "%s\n", qPrintable(policy.error().message));
            return ExitRefused;
        }
        const PlaybookEntry *entry = policy->playbook(args.at(1));
        if (!entry) {
            std::fprintf(stderr, "warroomctl: %s lists no playbook %s\n", qPrintable(file), qPrintable(args.at(1)));
            return ExitRefused;
        }
        Expected<QString> sha = fileSha256(policy->absoluteFile(*entry));
        if (!sha) {
            std::fprintf(stderr, "warroomctl: %s\n", qPrintable(sha.error().message));
            return ExitRefused;
        }
        // The line to paste into the entry; the policy itself is never written.
        std::fprintf(stdout, "    sha256: \"%s\"\n", qPrintable(*sha));
        if (*sha == entry->sha256)
            std::fprintf(stderr, "warroomctl: %s is already pinned to this file\n", qPrintable(entry->id));
        return ExitOk;
    }
    std::fprintf(stderr, "warroomctl: policy takes \"lint\" or \"pin ID\" [--policy FILE]\n");
    return ExitUsage;
}

} // namespace warroom
