use crate::helpers::TestApp;
use crate::{assert_status, both_backends};

both_backends!(
    pages_carry_security_headers_and_a_cached_stylesheet,
    fixed_pages_and_health_answer,
    error_pages_keep_the_signed_in_menu
);

async fn pages_carry_security_headers_and_a_cached_stylesheet(app: TestApp) {
    let response = app.get("/").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let body = response.text().await.unwrap();
    let start = body.find("/static/app-").unwrap();
    let css = body[start..].split('"').next().unwrap();
    let css_response = app.get(css).await;
    assert_eq!(css_response.status().as_u16(), 200);
    assert!(
        css_response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_status!(app.get("/static/app-0000.css").await, 404);
}

async fn fixed_pages_and_health_answer(app: TestApp) {
    for (path, heading) in [
        ("/huisregels", "Huisregels"),
        ("/privacy", "Privacyverklaring"),
        ("/toegankelijkheid", "Toegankelijkheidsverklaring"),
    ] {
        let body = assert_status!(app.get(path).await, 200, "{path}");
        assert!(body.contains(&format!("<h1>{heading}</h1>")), "{path}");
    }
    assert_eq!(app.get_text("/gezondheid").await, (200, "ok".to_owned()));
    let body = assert_status!(app.get("/bestaat/niet").await, 404);
    assert!(body.contains("Pagina niet gevonden") && body.contains("lang=\"nl\""));
}

async fn error_pages_keep_the_signed_in_menu(app: TestApp) {
    let w = crate::fixtures::world(&app).await;
    let position = crate::fixtures::signable(&app, &w).await;
    let menu = |body: &str| {
        body.contains(r#"action="/account/uitloggen""#)
            && body.contains(r#"href="/account""#)
            && !body.contains(r#"href="/account/inloggen""#)
    };

    let body = assert_status!(w.editor.get("/bestaat/niet").await, 404);
    assert!(
        body.contains("Pagina niet gevonden") && menu(&body),
        "404 with the menu"
    );
    let body = assert_status!(w.editor.get("/steun/standpunt/bestaat-niet").await, 404);
    assert!(menu(&body), "a handler's 404 with the menu");
    // The clerk keeps the griffie's menu item too.
    let body = assert_status!(app.get("/bestaat/niet").await, 404);
    assert!(menu(&body) && body.contains(r#"href="/griffie""#));

    let path = format!("/steun/standpunt/{position}");
    let refused = w
        .editor
        .post_form(
            &path,
            &format!("{path}/organisatie"),
            &[("organisation_id", &w.organisation)],
        )
        .await;
    let refused = assert_status!(refused, 403);
    assert!(menu(&refused), "403 with the menu");
    let forged = w.editor.post_raw(&path, &[("email", "x@example.nl")]).await;
    let forged = assert_status!(forged, 403);
    assert!(
        forged.contains("Het formulier is verlopen") && menu(&forged),
        "a CSRF refusal with the menu"
    );
    let token = crate::helpers::extract_csrf(&forged).expect("the page's log-out form has a token");
    assert!(!token.is_empty());

    crate::fixtures::close(&app, &w.consultation).await;
    let closed = w
        .editor
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Laat"),
                ("email", "laat@example.nl"),
                ("postcode", "1234"),
                ("consent", "1"),
            ],
        )
        .await;
    let closed = assert_status!(closed, 409);
    assert!(menu(&closed), "409 with the menu");

    // Without a session (or with one that ended) the page is the logged-out one.
    let body = assert_status!(app.second_browser().get("/bestaat/niet").await, 404);
    assert!(body.contains(r#"href="/account/inloggen""#) && !body.contains("uitloggen"));
    assert_status!(
        w.editor.post_form("/", "/account/uitloggen", &[]).await,
        303
    );
    let (_, body) = w.editor.get_text("/bestaat/niet").await;
    assert!(body.contains(r#"href="/account/inloggen""#) && !body.contains("uitloggen"));
}
