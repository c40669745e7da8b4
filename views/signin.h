#pragma once

#include <QDialog>
#include <QString>
#include <QUrl>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace warroom {

/// The token of a coordinator in the OS keyring (QtKeychain: Secret
/// Service, KWallet, macOS Keychain, Windows Credential Store). Never written
/// anywhere else: without a keyring the token lives only in memory and the
/// caller says so.
class TokenStore
{
public:
    struct Result
    {
        bool ok = false; ///< the keyring answered (a token may still be empty: none stored)
        bool noKeyring = false; ///< no keyring backend on this system
        QString token;
        QString error;
    };
    /// Synchronous (runs a local event loop): for start-up only.
    static Result read(const QUrl &server);
    static Result write(const QUrl &server, const QString &token);
    static Result remove(const QUrl &server);
    static QString keyFor(const QUrl &server);
};

/// Sign-in: server URL and token, with "remember in the keyring". Says
/// plainly when there is no keyring (the token is then not kept).
class SignInDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SignInDialog(const QUrl &server, QWidget *parent = nullptr);

    QUrl server() const;
    QString token() const;
    bool remember() const;
    /// What the keyring said at start-up: without one, remembering is off and the dialog says why.
    void applyKeyringState(const TokenStore::Result &result);
    /// Shows that no keyring exists: remembering is off and disabled.
    void setKeyringUnavailable(const QString &why);
    /// Says why the dialog is shown again (a refused token).
    void setMessage(const QString &text);
    /// Whether the token field was filled from the keyring for the typed server.
    bool tokenFromKeyring() const { return m_fromKeyring; }

Q_SIGNALS:
    /// The keyring lookup for a typed server finished (found or not).
    void keyringLookedUp(const QUrl &server, bool found);

private:
    void validate();
    /// Looks the typed server up in the keyring (asynchronously) and fills the token when one is kept.
    void lookUpServer();

    QLineEdit *m_server = nullptr;
    QLineEdit *m_token = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_error = nullptr;
    QUrl m_lookedUp;
    bool m_fromKeyring = false;
    bool m_keyringMissing = false;
};

} // namespace warroom
