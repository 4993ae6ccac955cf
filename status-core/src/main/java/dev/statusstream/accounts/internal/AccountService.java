package dev.statusstream.accounts.internal;

import dev.statusstream.Actor;
import dev.statusstream.ApiToken;
import dev.statusstream.AuditPage;
import dev.statusstream.AuditQuery;
import dev.statusstream.Operator;
import dev.statusstream.ValidationException;
import dev.statusstream.Accounts;
import dev.statusstream.Session;
import dev.statusstream.SignIn;
import dev.statusstream.store.internal.AuditScope;
import dev.statusstream.store.internal.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The library's {@link Accounts}, on its PostgreSQL. Thread-safe. */
public final class AccountService implements Accounts {

    private final Database database;
    private final AccountRepository accounts;
    private final SessionRepository sessions = new SessionRepository();

    public AccountService(Database database, AccountRepository accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    @Override
    public SignIn signIn(String name, String password, String address) {
        String account = "account:" + (name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT));
        String from = "address:" + address;
        Instant now = database.now();
        Instant since = now.minus(THROTTLE_WINDOW);
        Duration wait = database.bookkeeping(h -> {
            Duration longest = Duration.ZERO;
            if (sessions.failures(h, account, since) >= ACCOUNT_FAILURES) {
                longest = until(sessions.oldestFailure(h, account, since), now);
            }
            if (sessions.failures(h, from, since) >= ADDRESS_FAILURES) {
                Duration byAddress = until(sessions.oldestFailure(h, from, since), now);
                longest = byAddress.compareTo(longest) > 0 ? byAddress : longest;
            }
            return longest;
        });
        if (!wait.isZero()) {
            return new SignIn(SignIn.Outcome.THROTTLED, null, null, wait);
        }
        String operator = account.substring("account:".length());
        Optional<String> hash = validName(operator) ? database.read(h -> accounts.passwordHash(h, operator)) : Optional.empty();
        if (!Passwords.verify(password, hash.orElse(null))) {
            database.bookkeeping(h -> {
                sessions.fail(h, account, now, now.minus(Duration.ofDays(1)));
                sessions.fail(h, from, now, now.minus(Duration.ofDays(1)));
                return null;
            });
            return new SignIn(SignIn.Outcome.REFUSED, null, null, Duration.ZERO);
        }
        String csrf = Secrets.random("");
        return database.bookkeeping(h -> {
            sessions.forget(h, account);
            String secret = sessions.create(h, operator, csrf, now);
            Session session = sessions.find(h, secret, now, IDLE_TIMEOUT).orElseThrow();
            return new SignIn(SignIn.Outcome.SIGNED_IN, secret, session, Duration.ZERO);
        });
    }

    private static Duration until(Optional<Instant> oldest, Instant now) {
        Instant free = oldest.orElse(now).plus(THROTTLE_WINDOW);
        Duration wait = Duration.between(now, free);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }

    private static boolean validName(String name) {
        try {
            Operator.checkName(name);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    @Override
    public Optional<Session> session(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        return database.bookkeeping(h -> sessions.find(h, secret, database.now(), IDLE_TIMEOUT));
    }

    @Override
    public void signOut(String secret) {
        if (secret != null && !secret.isEmpty() && secret.length() <= 100) {
            database.bookkeeping(h -> {
                sessions.delete(h, secret);
                return null;
            });
        }
    }

    @Override
    public int signOutEverywhere(String operator, String address) {
        Operator.checkName(operator);
        return new AuditScope("signOutEverywhere", value -> "operators/" + operator, h -> null, address).around(() ->
                database.writeBehindThePage(Actor.operator(operator), h -> sessions.deleteAll(h, operator)).value());
    }

    @Override
    public Operator setPassword(String linkSecret, String password, String address) {
        Passwords.check(password);
        String operator = linkOwner(linkSecret).orElseThrow(() -> new dev.statusstream.NotFoundException("link",
                "this link was used already or has expired; ask an admin for a new one"));
        String hash = Passwords.hash(password);
        return new AuditScope("setPassword", value -> "operators/" + operator, h -> null, address).around(() ->
                database.writeBehindThePage(Actor.operator(operator),
                        h -> accounts.setPassword(h, linkSecret, operator, hash, database.now())).value());
    }

    @Override
    public Optional<String> linkOwner(String linkSecret) {
        if (linkSecret == null || linkSecret.isEmpty() || linkSecret.length() > 100) {
            return Optional.empty();
        }
        return database.read(h -> accounts.linkOwner(h, linkSecret, database.now()));
    }

    @Override
    public Optional<ApiToken> useToken(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        return database.bookkeeping(h -> accounts.useToken(h, secret, database.now()));
    }

    @Override
    public boolean anyActiveToken() {
        return database.read(accounts::anyActiveToken);
    }

    @Override
    public Optional<Operator> operator(String name) {
        Operator.checkName(name);
        return database.read(h -> accounts.findOperator(h, name));
    }

    @Override
    public List<Operator> operators(String after, int limit) {
        checkLimit(limit);
        return database.read(h -> accounts.operators(h, after, limit));
    }

    @Override
    public List<ApiToken> tokens(String after, int limit) {
        checkLimit(limit);
        return database.read(h -> accounts.tokens(h, after, limit));
    }

    @Override
    public AuditPage audit(AuditQuery query) {
        return database.read(h -> database.auditLog().page(h, query));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit", "must be from 1 to " + MAX_PAGE + ", was " + limit);
        }
    }
}
