#include "signin.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

const QString kService = u"warroom"_s;

TokenStore::Result runJob(QKeychain::Job *job)
{
    TokenStore::Result result;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&loop, &result](QKeychain::Job *j) {
        result.ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
        result.noKeyring = j->error() == QKeychain::NoBackendAvailable || j->error() == QKeychain::NotImplemented
            || j->error() == QKeychain::OtherError;
        if (!result.ok)
            result.error = j->errorString();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j); read && j->error() == QKeychain::NoError)
            result.token = read->textData();
        loop.quit();
    });
    // A keyring that never answers (a locked wallet without an agent) counts as none.
    QTimer::singleShot(10000, &loop, [&loop, &result] {
        result.noKeyring = true;
        result.error = QObject::tr("the keyring did not answer");
        loop.quit();
    });
    job->setAutoDelete(false);
    job->start();
    loop.exec();
    job->deleteLater();
    return result;
}

} // namespace

QString TokenStore::keyFor(const QUrl &server)
{
    return u"token:"_s + server.adjusted(QUrl::StripTrailingSlash).toString();
}

TokenStore::Result TokenStore::read(const QUrl &server)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(keyFor(server));
    return runJob(job);
}

TokenStore::Result TokenStore::write(const QUrl &server, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(keyFor(server));
    job->setTextData(token);
    return runJob(job);
}

TokenStore::Result TokenStore::remove(const QUrl &server)
{
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(keyFor(server));
    return runJob(job);
}

SignInDialog::SignInDialog(const QUrl &server, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Sign in to warroom"));
    setObjectName(u"signInDialog"_s);
    auto *form = new QFormLayout(this);
    m_server = new QLineEdit(server.toString(), this);
    m_server->setObjectName(u"signInServer"_s);
    m_server->setAccessibleName(tr("Coordinator URL"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"signInToken"_s);
    m_token->setAccessibleName(tr("Token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("&Remember the token in the system keyring"), this);
    m_remember->setObjectName(u"signInRemember"_s);
    m_remember->setChecked(true);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setObjectName(u"signInKeyringNote"_s);
    m_note->setVisible(false);
    m_error = new QLabel(this);
    m_error->setStyleSheet(u"color:#b71c1c;"_s);
    m_error->setVisible(false);
    form->addRow(tr("&Coordinator"), m_server);
    form->addRow(tr("&Token"), m_token);
    form->addRow(m_remember);
    form->addRow(m_note);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::validate);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A token kept for another coordinator is found when its URL is typed.
    connect(m_server, &QLineEdit::editingFinished, this, &SignInDialog::lookUpServer);
    connect(m_token, &QLineEdit::textEdited, this, [this] { m_fromKeyring = false; });
    m_lookedUp = server.adjusted(QUrl::StripTrailingSlash);
    m_token->setFocus();
    resize(520, sizeHint().height());
}

void SignInDialog::lookUpServer()
{
    const QUrl url = server().adjusted(QUrl::StripTrailingSlash);
    if (!url.isValid() || url.host().isEmpty() || url == m_lookedUp || m_keyringMissing)
        return;
    m_lookedUp = url;
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(TokenStore::keyFor(url));
    connect(job, &QKeychain::Job::finished, this, [this, url](QKeychain::Job *j) {
        auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j);
        const bool found = read && j->error() == QKeychain::NoError && !read->textData().isEmpty();
        const bool current = server().adjusted(QUrl::StripTrailingSlash) == url;
        if (j->error() == QKeychain::NoBackendAvailable || j->error() == QKeychain::NotImplemented
            || j->error() == QKeychain::OtherError)
            setKeyringUnavailable(j->errorString());
        else if (found && current && (m_token->text().isEmpty() || m_fromKeyring)) {
            m_token->setText(read->textData());
            m_fromKeyring = true;
            m_note->setText(tr("The token kept for %1 in the system keyring is filled in.").arg(url.toDisplayString()));
            m_note->setVisible(true);
        } else if (current && m_fromKeyring) {
            m_token->clear(); // the filled token belonged to the server typed before
            m_fromKeyring = false;
            m_note->setVisible(false);
        }
        Q_EMIT keyringLookedUp(url, found);
    });
    job->start();
}

void SignInDialog::applyKeyringState(const TokenStore::Result &result)
{
    if (result.noKeyring || !result.ok)
        setKeyringUnavailable(result.error.isEmpty() ? tr("no keyring answered") : result.error);
}

void SignInDialog::setMessage(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void SignInDialog::validate()
{
    const QUrl url = server();
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty()) {
        m_error->setText(tr("The coordinator URL must be http:// or https:// with a host."));
        m_error->setVisible(true);
        return;
    }
    if (token().isEmpty()) {
        m_error->setText(tr("A token is needed."));
        m_error->setVisible(true);
        return;
    }
    accept();
}

QUrl SignInDialog::server() const
{
    return QUrl(m_server->text().trimmed());
}

QString SignInDialog::token() const
{
    return m_token->text().trimmed();
}

bool SignInDialog::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void SignInDialog::setKeyringUnavailable(const QString &why)
{
    m_keyringMissing = true;
    m_remember->setChecked(false);
    m_remember->setEnabled(false);
    m_note->setText(tr("No system keyring is available (%1). The token is kept in memory for this session only "
                       "and you will be asked again next time. For kiosks use --token-file.")
                        .arg(why));
    m_note->setVisible(true);
}

} // namespace warroom
