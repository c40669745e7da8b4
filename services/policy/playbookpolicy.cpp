#include "playbookpolicy.h"

#include <QFile>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace warroom {

Expected<QSet<QString>> whitelistedPlaybookIds(const QString &policyFile)
{
    QFile file(policyFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error {ErrorCode::InvalidInput, u"cannot read %1: %2"_s.arg(policyFile, file.errorString())};
    QSet<QString> ids;
    try {
        const YAML::Node root = YAML::Load(file.readAll().toStdString());
        const YAML::Node playbooks = root["playbooks"];
        if (!playbooks || !playbooks.IsSequence())
            return Error {ErrorCode::InvalidInput, u"%1: \"playbooks\" must be a list"_s.arg(policyFile)};
        for (const YAML::Node &p : playbooks) {
            if (!p["id"])
                return Error {ErrorCode::InvalidInput,
                              u"%1:%2: a playbook needs an id"_s.arg(policyFile).arg(p.Mark().line + 1)};
            ids.insert(QString::fromStdString(p["id"].as<std::string>()));
        }
    } catch (const YAML::Exception &e) {
        return Error {ErrorCode::InvalidInput,
                      u"%1:%2: %3"_s.arg(policyFile).arg(e.mark.line + 1).arg(QString::fromStdString(e.msg))};
    }
    return ids;
}

} // namespace warroom
