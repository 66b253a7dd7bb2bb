package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * E-mail over SMTP (jakarta.mail / Eclipse Angus): {@code smtp_host}/{@code smtp_port}, {@code smtp_security}
 * {@code none}, {@code starttls} (required, default) or {@code tls} (implicit TLS), credentials from
 * {@code smtp_username_ref}/{@code smtp_password_ref}, {@code from} and {@code to}. Subject
 * {@code [<severity>] <alert>: <summary>}, a plain-text body with the alert's fields, and a {@code Message-ID}
 * derived from the idempotency key ({@link #messageId}) so that a resend can be recognised (also header
 * {@code X-Driftline-Idempotency-Key}).
 *
 * <p>SMTP is blocking: sends run on {@link ChannelResources#blockingExecutor()}, never on the caller's thread.
 */
public final class EmailChannel implements NotificationChannel {
    public static final String KIND = "email";
    public static final String IDEMPOTENCY_HEADER = "X-Driftline-Idempotency-Key";

    private final NotificationConfig config;
    private final SecretResolver secrets;
    private final ChannelResources resources;
    private final String name;
    private final String host;
    private final int port;
    private final String security;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String messageIdDomain;

    public EmailChannel(NotificationConfig config, SecretResolver secrets, ChannelResources resources) {
        this.config = config;
        this.secrets = secrets;
        this.resources = resources;
        this.name = config.effectiveName();
        if (config.smtpHost == null || config.smtpHost.isBlank()) {
            throw NotificationException.config(describe() + ": smtp_host is required");
        }
        this.host = config.smtpHost.trim();
        this.security = config.smtpSecurity == null ? "starttls" : config.smtpSecurity.trim().toLowerCase(Locale.ROOT);
        if (!List.of("none", "starttls", "tls").contains(security)) {
            throw NotificationException.config(describe() + ": smtp_security must be none, starttls or tls, not '"
                    + config.smtpSecurity + "'");
        }
        this.port = config.smtpPort != null ? config.smtpPort : "tls".equals(security) ? 465
                : "starttls".equals(security) ? 587 : 25;
        if (port <= 0 || port > 65535) {
            throw NotificationException.config(describe() + ": smtp_port " + port + " is out of range");
        }
        boolean hasUser = config.smtpUsernameRef != null && !config.smtpUsernameRef.isBlank();
        boolean hasPassword = config.smtpPasswordRef != null && !config.smtpPasswordRef.isBlank();
        if (hasUser != hasPassword) {
            throw NotificationException.config(
                    describe() + ": set both smtp_username_ref and smtp_password_ref, or neither");
        }
        if (hasUser) {
            SecretResolver.checkReference("smtp_username_ref", config.smtpUsernameRef);
            SecretResolver.checkReference("smtp_password_ref", config.smtpPasswordRef);
        }
        if (config.from == null || config.from.isBlank()) {
            throw NotificationException.config(describe() + ": from is required");
        }
        if (config.to == null || config.to.isEmpty()) {
            throw NotificationException.config(describe() + ": to needs at least one address");
        }
        try {
            this.from = new InternetAddress(config.from.trim(), true);
            List<InternetAddress> recipients = new ArrayList<>();
            for (String t : config.to) {
                recipients.add(new InternetAddress(t.trim(), true));
            }
            this.to = recipients.toArray(new InternetAddress[0]);
        } catch (AddressException e) {
            throw NotificationException.config(describe() + ": invalid address: " + e.getMessage());
        }
        String address = from.getAddress();
        int at = address.lastIndexOf('@');
        this.messageIdDomain = at >= 0 && at < address.length() - 1 ? address.substring(at + 1) : "driftline";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String name() {
        return name;
    }

    private String describe() {
        return KIND + " notification '" + name + "'";
    }

    private String target() {
        return "smtp " + host + ":" + port + " (" + security + ")";
    }

    @Override
    public CompletableFuture<Void> send(NotificationRequest request) {
        try {
            return CompletableFuture.runAsync(() -> deliver(request), resources.blockingExecutor());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new NotificationException(describe() + ": executor is shut down", true));
        }
    }

    /** Blocking SMTP delivery; runs on the blocking executor. */
    void deliver(NotificationRequest request) {
        String user = null;
        String password = null;
        List<String> secretsSeen = new ArrayList<>();
        try {
            if (config.smtpUsernameRef != null && !config.smtpUsernameRef.isBlank()) {
                user = secrets.resolve("smtp_username_ref", config.smtpUsernameRef);
                password = secrets.resolve("smtp_password_ref", config.smtpPasswordRef);
                secretsSeen.add(user);
                secretsSeen.add(password);
            }
            Session session = Session.getInstance(sessionProperties(user != null));
            MimeMessage message = new FixedIdMessage(session, messageId(request.idempotencyKey, messageIdDomain));
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(NotificationPayloads.emailSubject(request), StandardCharsets.UTF_8.name());
            message.setText(NotificationPayloads.emailText(request), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (request.idempotencyKey != null) {
                message.setHeader(IDEMPOTENCY_HEADER, request.idempotencyKey);
            }
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(host, port, user, password);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw new NotificationException(describe() + " via " + target()
                    + " failed: authentication rejected (" + Redaction.describe(e, secretsSeen) + ")", false);
        } catch (SendFailedException e) {
            boolean invalidAddresses = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            throw new NotificationException(describe() + " via " + target() + " failed: "
                    + Redaction.describe(e, secretsSeen), !invalidAddresses);
        } catch (MessagingException e) {
            throw new NotificationException(describe() + " via " + target() + " failed: "
                    + Redaction.describe(e, secretsSeen), true);
        }
    }

    Properties sessionProperties(boolean auth) {
        long timeoutMs = Math.max(1000, resources.attemptTimeout().toMillis());
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.auth", Boolean.toString(auth));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(Math.min(timeoutMs, 10_000)));
        p.setProperty("mail.smtp.timeout", Long.toString(timeoutMs));
        p.setProperty("mail.smtp.writetimeout", Long.toString(timeoutMs));
        switch (security) {
            case "starttls":
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
                break;
            case "tls":
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
                break;
            default:
                break;
        }
        return p;
    }

    /**
     * {@code <sha256(idempotencyKey) hex, 32 chars>.driftline@<domain>}: the same for every resend of one notification,
     * so receivers and mail clients can recognise duplicates.
     */
    public static String messageId(String idempotencyKey, String domain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest).substring(0, 32) + ".driftline@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** A message whose {@code Message-ID} is fixed instead of generated at {@code saveChanges}. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
