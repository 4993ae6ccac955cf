package dev.statusstream.server.subscribe;

import dev.statusstream.Actor;
import dev.statusstream.ConfirmEmail;
import dev.statusstream.EmailSignup;
import dev.statusstream.NotFoundException;
import dev.statusstream.Operation;
import dev.statusstream.OperationType;
import dev.statusstream.StatusStream;
import dev.statusstream.SubscribeByEmail;
import dev.statusstream.SubscriberToken;
import dev.statusstream.SubscriptionLink;
import dev.statusstream.UnsubscribeEmail;
import dev.statusstream.ValidationException;
import dev.statusstream.server.admin.RequestBody;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.api.JsonReply;
import dev.statusstream.server.page.Languages;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageController;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Email subscription for readers: {@code POST /api/subscriptions} (JSON), the front page's form
 * ({@code POST /subscribe}, working without JavaScript), and the pages of the links in its mails
 * ({@code /subscriptions/confirm/{token}}, {@code /subscriptions/unsubscribe/{token}}), whose GET only
 * shows a button that POSTs, so that a mail scanner following links changes nothing.
 *
 * <p>Whatever the address, a request gets the same answer (202, or the "check your mail" page), and the
 * mail, queued in the request's transaction, goes out afterwards from the delivery queue: nobody learns from us whether an address is subscribed. Requests are
 * limited per client address (here, {@link #PER_CLIENT_PER_HOUR} an hour) and per recipient (in the
 * database, so across nodes); past either, {@code 429}. The form is refused from other sites (Fetch
 * Metadata, else {@code Origin}), and the JSON route needs {@code Content-Type: application/json}, which
 * a page on another site cannot send here without a preflight we never allow. Thread-safe.
 */
public final class SubscriptionRoutes {
    /** Subscription requests one client address may make in an hour, on one node. */
    public static final int PER_CLIENT_PER_HOUR = 20;

    private final StatusStream status;
    private final PageController pages;
    private final Messages messages;
    private final ClientLimiter clients;
    private final String publicOrigin;
    private final OperationType<?> subscribe;

    SubscriptionRoutes(StatusStream status, PageController pages, Messages messages, ClientLimiter clients, String publicUrl) {
        this.status = status;
        this.pages = pages;
        this.messages = messages;
        this.clients = clients;
        URI uri = URI.create(publicUrl);
        this.publicOrigin = uri.getScheme() + "://" + uri.getRawAuthority();
        this.subscribe = Operation.types().stream().filter(t -> t.name().equals("subscribeByEmail")).findFirst().orElseThrow();
    }

    /** Adds the routes under {@code prefix}. */
    public static void register(JavalinConfig javalin, String prefix, StatusStream status, PageController pages,
            Messages messages, String publicUrl) {
        var routes = new SubscriptionRoutes(status, pages, messages,
                new ClientLimiter(PER_CLIENT_PER_HOUR, Duration.ofHours(1), Clock.systemUTC()), publicUrl);
        javalin.routes.post(prefix + "/api/subscriptions", routes::api);
        javalin.routes.post(prefix + "/subscribe", routes::form);
        javalin.routes.get(prefix + "/subscriptions/confirm/{token}", routes::confirmPage);
        javalin.routes.post(prefix + "/subscriptions/confirm/{token}", routes::confirm);
        javalin.routes.get(prefix + "/subscriptions/unsubscribe/{token}", routes::unsubscribePage);
        javalin.routes.post(prefix + "/subscriptions/unsubscribe/{token}", routes::unsubscribe);
    }

    void api(Context ctx) {
        limitClient(ctx);
        SubscribeByEmail asked = (SubscribeByEmail) subscribe.read(ctx::pathParam, () -> RequestBody.read(ctx),
                status.config().defaultLanguage());
        EmailSignup signup = request(new SubscribeByEmail(asked.email(), asked.services(), language(ctx, asked.language())));
        if (signup.outcome() == EmailSignup.Outcome.LIMITED) {
            throw limited("this address was sent enough mail for now; try again later");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("message", "if the address can receive mail, a confirmation link is on its way");
        JsonReply.send(ctx, 202, body);
    }

    void form(Context ctx) {
        if (crossSite(ctx)) {
            throw new HttpError(403, "the subscription form must be sent from this site", "Origin");
        }
        try {
            limitClient(ctx);
        } catch (HttpError e) {
            pages.notice(ctx, 429, "subscribe.heading", "subscribe.limited", null, null);
            return;
        }
        EmailSignup signup;
        try {
            signup = request(new SubscribeByEmail(ctx.formParam("email"), ctx.formParams("services"),
                    language(ctx, ctx.formParam("language"))));
        } catch (ValidationException | NotFoundException e) {
            pages.notice(ctx, 400, "subscribe.heading", "subscribe.invalid", null, null);
            return;
        }
        if (signup.outcome() == EmailSignup.Outcome.LIMITED) {
            ctx.header("Retry-After", "3600");
            pages.notice(ctx, 429, "subscribe.heading", "subscribe.limited", null, null);
            return;
        }
        pages.notice(ctx, 200, "subscribe.sent.title", "subscribe.sent.body", null, null);
    }

    void confirmPage(Context ctx) {
        link(ctx, "confirm", "subscribe.confirm.title", "subscribe.confirm.body", "subscribe.confirm.button");
    }

    void unsubscribePage(Context ctx) {
        link(ctx, "unsubscribe", "subscribe.unsubscribe.title", "subscribe.unsubscribe.body", "subscribe.unsubscribe.button");
    }

    void confirm(Context ctx) {
        String token = ctx.pathParam("token");
        if (SubscriberToken.parse(token).isEmpty()) {
            pages.notice(ctx, 404, "subscribe.confirm.title", "subscribe.badLink", null, null);
            return;
        }
        SubscriptionLink done = status.execute(new ConfirmEmail(token), Actor.subscriber()).value();
        if (done.done()) {
            pages.notice(ctx, 200, "subscribe.confirmed.title", "subscribe.confirmed.body", null, null);
        } else {
            pages.notice(ctx, 404, "subscribe.confirm.title", "subscribe.badLink", null, null);
        }
    }

    /**
     * The link's button and a mail client's one-click unsubscribe (RFC 8058, a POST of
     * {@code List-Unsubscribe=One-Click}) alike: 200 whenever the link is well formed, since either way
     * the address gets no more mail.
     */
    void unsubscribe(Context ctx) {
        String token = ctx.pathParam("token");
        if (SubscriberToken.parse(token).isEmpty()) {
            pages.notice(ctx, 404, "subscribe.unsubscribe.title", "subscribe.badLink", null, null);
            return;
        }
        status.execute(new UnsubscribeEmail(token), Actor.subscriber());
        pages.notice(ctx, 200, "subscribe.unsubscribed.title", "subscribe.unsubscribed.body", null, null);
    }

    private void link(Context ctx, String action, String titleKey, String bodyKey, String buttonKey) {
        String token = ctx.pathParam("token");
        if (SubscriberToken.parse(token).isEmpty()) {
            pages.notice(ctx, 404, titleKey, "subscribe.badLink", null, null);
            return;
        }
        pages.notice(ctx, 200, titleKey, bodyKey, "/subscriptions/" + action + "/" + token, buttonKey);
    }

    /** The mail it calls for is queued in the same transaction and sent after the answer, by any node that can. */
    private EmailSignup request(SubscribeByEmail asked) {
        return status.execute(asked, Actor.subscriber()).value();
    }

    private void limitClient(Context ctx) {
        Duration wait = clients.acquire(ctx.ip());
        if (!wait.isZero()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            throw limited("too many subscription requests from this address; try again later");
        }
    }

    private static HttpError limited(String message) {
        return new HttpError(429, message, null);
    }

    /** The language asked for, if we write mail in it; else the reader's, else the page's default. */
    private String language(Context ctx, String asked) {
        List<String> preferred = Languages.preferred(asked, null, ctx.header("Accept-Language"));
        return Languages.choose(preferred, messages, status.config().defaultLanguage());
    }

    /**
     * A browser says where a request comes from: {@code Sec-Fetch-Site} (every current browser), else
     * {@code Origin} on a POST. Without either (an old browser, curl) the request is taken: the worst a
     * forged one can do is ask for a confirmation mail, which is limited and changes nothing by itself.
     */
    private boolean crossSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = ctx.header("Origin");
        return origin != null && !origin.equals(publicOrigin) && !origin.equals(ctx.scheme() + "://" + ctx.host());
    }
}
