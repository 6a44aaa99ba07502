use crate::both_backends;
use crate::helpers::TestApp;

both_backends! {
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
        assert!(css_response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        assert_eq!(app.get("/static/app-0000.css").await.status().as_u16(), 404);
    }

    async fn fixed_pages_and_health_answer(app: TestApp) {
        for (path, heading) in [
            ("/huisregels", "Huisregels"),
            ("/privacy", "Privacyverklaring"),
            ("/toegankelijkheid", "Toegankelijkheidsverklaring"),
        ] {
            let (status, body) = app.get_text(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(body.contains(&format!("<h1>{heading}</h1>")), "{path}");
        }
        assert_eq!(app.get_text("/gezondheid").await, (200, "ok".to_owned()));
        let (status, body) = app.get_text("/bestaat/niet").await;
        assert_eq!(status, 404);
        assert!(body.contains("Pagina niet gevonden") && body.contains("lang=\"nl\""));
    }
}
