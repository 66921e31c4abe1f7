package org.nas4j.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.nas4j.InputException;
import org.nas4j.store.StoreReader;

/**
 * {@code nas4j dashboard}: a small read-only web server on a store (Javalin on Jetty). Pages are static files
 * served from nas4j's own resources (no CDN: it works offline); their script polls JSON endpoints every two
 * seconds and redraws in place, so a running search or PBT run shows up live without a reload.
 *
 * <p><b>Safe by default.</b> It binds to loopback unless told otherwise; any other address needs a token, and then
 * every request must carry it ({@code ?token=}, once, sets an HttpOnly cookie; or {@code Authorization: Bearer});
 * only GET routes exist, over a {@link StoreReader} that cannot write; study names, architectures and errors reach
 * the page as JSON (HTML-escaped by Gson) and are put in the page as text, never as markup, under a
 * Content-Security-Policy that allows scripts from nas4j only. On loopback, requests naming another host are refused
 * (a web page cannot reach the dashboard through DNS rebinding).
 */
public final class Dashboard implements AutoCloseable {
  /** The command's defaults. */
  public static final int DEFAULT_PORT = 8642;
  public static final String DEFAULT_BIND = "127.0.0.1";

  private static final String COOKIE = "nas4j_token";
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** HTML-escaping JSON ({@code <} as {@code \u003c}): a name can never close a script or open a tag. */
  private static final Gson GSON = new GsonBuilder().create();
  /** Views besides {@code /}: each is the same page shell, whose script draws the view its path names. */
  private static final List<String> VIEWS = List.of("study", "compare", "pbt", "transfer");
  private static final String SHELL = shell();

  /**
   * How the server listens.
   *
   * @param bind the address to bind (loopback by default)
   * @param port the TCP port, or 0 for any free one
   * @param token the secret every request must carry, or null (allowed on loopback only)
   */
  public record Options(String bind, int port, String token) {
    public Options {
      bind = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.strip();
      token = token == null || token.isEmpty() ? null : token;
      if (port < 0 || port > 65535) {
        throw new InputException("--port must be 0..65535, got " + port + ": pass e.g. --port " + DEFAULT_PORT);
      }
    }
  }

  private final StoreReader reader;
  private final Queries queries;
  private final Views views;
  private final Options options;
  private final boolean loopback;
  private final Javalin app;

  private Dashboard(StoreReader reader, Options options) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.options = options;
    this.queries = new Queries(reader);
    this.views = new Views(queries);
    this.loopback = isLoopback(options.bind());
    if (!loopback && options.token() == null) {
      throw new InputException("--bind " + options.bind() + " lets other machines read the store: pass --token "
          + "SECRET too (every request must then carry it), or leave --bind out for " + DEFAULT_BIND);
    }
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = "/org/nas4j/dashboard/static";
        s.location = Location.CLASSPATH;
      });
      config.routes.before(this::guard);
      for (String view : VIEWS) {
        config.routes.get("/" + view, ctx -> ctx.contentType("text/html; charset=utf-8").result(SHELL));
      }
      config.routes.get("/api/info", ctx -> {
        JsonObject o = new JsonObject();
        o.addProperty("store", reader.location());
        o.addProperty("schema", reader.schemaVersion());
        o.addProperty("nas4j", org.nas4j.Version.get());
        json(ctx, o);
      });
      config.routes.get("/api/studies", ctx -> json(ctx, queries.studies()));
      config.routes.get("/api/studies/{id}", ctx -> json(ctx, queries.study(id(ctx))));
      config.routes.get("/api/studies/{id}/best", ctx -> json(ctx, queries.bestSoFar(id(ctx))));
      config.routes.get("/api/studies/{id}/scatter", ctx -> json(ctx, queries.scatter(id(ctx),
          java.util.Objects.requireNonNullElse(ctx.queryParam("x"), "params"))));
      config.routes.get("/api/studies/{id}/evaluations", ctx -> json(ctx, queries.evaluations(id(ctx),
          intParam(ctx, "offset", 0), intParam(ctx, "limit", 50), ctx.queryParam("sort"),
          "desc".equals(ctx.queryParam("dir")), ctx.queryParam("status"), ctx.queryParam("q"))));
      config.routes.get("/api/studies/{id}/evaluations/{number}/architecture.json", this::export);
      config.routes.get("/api/compare", ctx -> json(ctx, views.compare(ctx.queryParam("ids"))));
      config.routes.get("/api/studies/{id}/pbt", ctx -> json(ctx, views.pbt(id(ctx))));
      config.routes.get("/api/studies/{id}/transfer", ctx -> json(ctx, views.transfer(id(ctx))));
      config.routes.exception(InputException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
      config.routes.exception(NumberFormatException.class, (e, ctx) -> error(ctx, 400, "not a number: "
          + e.getMessage()));
      config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    });
  }

  /**
   * Starts a dashboard on an open reader.
   *
   * @throws InputException when a non-loopback bind has no token, or the port is taken
   */
  public static Dashboard start(StoreReader reader, Options options) {
    Dashboard d = new Dashboard(reader, options);
    try {
      d.app.start(options.bind(), options.port());
    } catch (RuntimeException e) {
      d.app.stop();
      throw new InputException("cannot listen on " + options.bind() + ":" + options.port() + " ("
          + rootMessage(e) + "): pass another --port, or stop the program using it", e);
    }
    return d;
  }

  /** The port it listens on (the free one chosen for port 0). */
  public int port() {
    return app.port();
  }

  /** The address to open, with the token when one is needed. */
  public String url() {
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    if (host.equals("0.0.0.0") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + port() + "/" + (options.token() == null ? "" : "?token=" + options.token());
  }

  @Override
  public void close() {
    app.stop();
  }

  // ------------------------------------------------------------------ requests

  /** Headers for every answer; the token (when set) and, on loopback, the Host header are checked first. */
  private void guard(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if (loopback && !localHost(ctx.host())) {
      halt(ctx, 403, "this dashboard answers only requests addressed to " + options.bind());
    }
    String token = options.token();
    if (token == null) {
      return;
    }
    String given = ctx.queryParam("token");
    if (given != null && same(given, token)) {
      ctx.cookie(new io.javalin.http.Cookie(COOKIE, token, "/", -1, false, true, null,
          io.javalin.http.SameSite.STRICT));
      return;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && same(auth.substring(7), token)) {
      return;
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null && same(cookie, token)) {
      return;
    }
    halt(ctx, 401, "this dashboard needs its token: open the address 'nas4j dashboard' printed (it ends in ?token=...)");
  }

  private static void halt(Context ctx, int status, String message) {
    throw new io.javalin.http.HttpResponseException(status, message, java.util.Map.of());
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private boolean localHost(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String h = hostHeader.toLowerCase(Locale.ROOT);
    int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
    String name = colon > 0 ? h.substring(0, colon) : h;
    return LOCAL_NAMES.contains(name) || name.equals(options.bind()) || name.startsWith("127.");
  }

  private void export(Context ctx) {
    int number = Integer.parseInt(ctx.pathParam("number"));
    JsonObject o = queries.evaluation(id(ctx), number);
    if (o == null) {
      error(ctx, 404, "no evaluation #" + number + " in this study");
      return;
    }
    ctx.header("Content-Disposition", "attachment; filename=\"architecture-" + number + ".json\"");
    json(ctx, o);
  }

  private static String shell() {
    try (InputStream in = Dashboard.class.getResourceAsStream("static/index.html")) {
      return new String(Objects.requireNonNull(in, "static/index.html").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("nas4j's dashboard page is missing from its jar", e);
    }
  }

  private static long id(Context ctx) {
    return Long.parseLong(ctx.pathParam("id"));
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
  }

  private static void json(Context ctx, JsonElement body) {
    ctx.contentType("application/json; charset=utf-8").result(GSON.toJson(body));
  }

  private static void error(Context ctx, int status, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    ctx.status(status);
    json(ctx, o);
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InputException("--bind " + bind + " is not an address of this machine: pass e.g. --bind 127.0.0.1");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public String toString() {
    return "Dashboard[" + reader.location() + " on " + options.bind() + ":" + port() + "]";
  }
}
