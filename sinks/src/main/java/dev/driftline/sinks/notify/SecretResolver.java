package dev.driftline.sinks.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves secret references of notification configurations: {@code env:VAR} (an environment variable) or
 * {@code file:/path} (a file, e.g. a mounted Kubernetes secret; trailing CR/LF characters are trimmed). A plain value
 * without one of these prefixes is rejected for secret fields, so secrets never sit in alert configurations.
 *
 * <p>No message of the exceptions thrown here, and no {@link #toString()}, ever contains a secret value: they name
 * the field, the variable or the file only.
 */
public final class SecretResolver {
    public static final String ENV_PREFIX = "env:";
    public static final String FILE_PREFIX = "file:";

    private final Map<String, String> env;

    /** @param env the environment to read {@code env:} references from (tests inject their own). */
    public SecretResolver(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Reads {@code env:} references from the process environment. */
    public static SecretResolver system() {
        return new SecretResolver(System.getenv());
    }

    /** True when {@code value} has the form of a reference ({@code env:VAR} or {@code file:/path}). */
    public static boolean isReference(String value) {
        return value != null && (value.startsWith(ENV_PREFIX) || value.startsWith(FILE_PREFIX));
    }

    /**
     * Resolves a reference of a secret field.
     *
     * @param field the configuration field, for error messages (e.g. {@code hmac_secret_ref})
     * @param ref {@code env:VAR} or {@code file:/path}
     * @return the secret value, never empty
     * @throws SecretResolutionException if the reference is missing, malformed, a plain value, or names an unset
     *     variable / unreadable or empty file
     */
    public String resolve(String field, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new SecretResolutionException(field + " is not set");
        }
        if (ref.startsWith(ENV_PREFIX)) {
            String var = ref.substring(ENV_PREFIX.length());
            if (var.isEmpty()) {
                throw new SecretResolutionException(field + ": 'env:' reference without a variable name");
            }
            String value = env.get(var);
            if (value == null) {
                throw new SecretResolutionException(field + ": environment variable " + var + " is not set");
            }
            if (value.isEmpty()) {
                throw new SecretResolutionException(field + ": environment variable " + var + " is empty");
            }
            return value;
        }
        if (ref.startsWith(FILE_PREFIX)) {
            String path = ref.substring(FILE_PREFIX.length());
            if (path.isEmpty()) {
                throw new SecretResolutionException(field + ": 'file:' reference without a path");
            }
            String value;
            try {
                value = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new SecretResolutionException(field + ": secret file " + path + " does not exist");
            } catch (IOException | RuntimeException e) {
                // The exception's own message could only name the path, but keep it out anyway: class name only.
                throw new SecretResolutionException(
                        field + ": secret file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            value = trimTrailingNewlines(value);
            if (value.isEmpty()) {
                throw new SecretResolutionException(field + ": secret file " + path + " is empty");
            }
            return value;
        }
        throw new SecretResolutionException(field + " must be a reference 'env:VAR' or 'file:/path'; a plain value"
                + " is not accepted for a secret field (value not shown)");
    }

    /** Resolves {@code ref} when non-null, else returns null. */
    public String resolveOptional(String field, String ref) {
        return ref == null || ref.isBlank() ? null : resolve(field, ref);
    }

    /**
     * Checks the form of a reference without reading it (for validating configurations early).
     *
     * @throws SecretResolutionException if {@code ref} is not {@code env:VAR} or {@code file:/path}
     */
    public static void checkReference(String field, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new SecretResolutionException(field + " is not set");
        }
        if (!isReference(ref) || ref.equals(ENV_PREFIX) || ref.equals(FILE_PREFIX)) {
            throw new SecretResolutionException(field + " must be a reference 'env:VAR' or 'file:/path'; a plain"
                    + " value is not accepted for a secret field (value not shown)");
        }
    }

    static String trimTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return "SecretResolver{env: " + env.size() + " variables (values hidden)}";
    }

    /** A secret reference could not be resolved; the message never contains a secret value. */
    public static final class SecretResolutionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public SecretResolutionException(String message) {
            super(message);
        }
    }
}
