package dev.statusstream.accounts.internal;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.statusstream.ValidationException;

/**
 * Password hashing with Argon2id (Password4j), at OWASP's recommended cost: 19 MiB, 2 passes, one lane.
 * The hash string carries its own parameters and salt, so a later change of cost still verifies old
 * hashes. Thread-safe.
 */
public final class Passwords {
    public static final int MIN_LENGTH = dev.statusstream.Accounts.MIN_PASSWORD;
    public static final int MAX_LENGTH = 128;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    /** Verified against when the account does not exist, so that the answer takes as long either way. */
    private static final String DUMMY = hash("no such account, no such password");

    private Passwords() {
    }

    /** Checks a new password's length. */
    public static String check(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new ValidationException("password", "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        return password;
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Whether {@code password} matches {@code hash}; with a null hash, spends the same time and says no. */
    public static boolean verify(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (hash == null) {
            Password.check(password, DUMMY).with(ARGON2);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
