//! The OpenID Connect relying party: the authorization code flow with PKCE against a
//! council's provider, with the `openidconnect` crate doing discovery, the code exchange
//! and the ID token's checks (signature against the provider's JWKS, issuer, audience,
//! expiry, nonce). No SQL and no HTTP routes here: `web::single_sign_on` calls it.

use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::reqwest;
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};

/// The claims beyond the standard ones that staff sign-in reads: the groups a person is
/// in (Entra ID, Keycloak and ADFS can each be set to send them in the ID token).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GroupClaims {
    #[serde(default)]
    groups: Vec<String>,
}

impl AdditionalClaims for GroupClaims {}

type TokenFields = IdTokenFields<
    GroupClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type RelyingParty = Client<
    GroupClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<TokenFields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A council's provider and the client it registered for Inspraak.
#[derive(Debug, Clone)]
pub struct Provider {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the provider's address is not valid: {0}")]
    Address(String),
    #[error("could not read the provider's configuration: {0}")]
    Discovery(String),
    #[error("the provider did not exchange the code: {0}")]
    Exchange(String),
    #[error("the provider sent no ID token")]
    NoIdToken,
    #[error("the ID token was refused: {0}")]
    Token(String),
}

/// What the browser's round trip to the provider needs kept until it comes back.
#[derive(Debug, Clone)]
pub struct Started {
    pub authorize_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says this is, from an ID token that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub groups: Vec<String>,
}

/// The HTTP client for talking to providers, made on first use (loading the system's
/// root certificates takes a while) and shared: no redirects followed (so a provider
/// cannot send the server elsewhere) and a short timeout.
fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("an HTTP client with default TLS builds")
    })
}

async fn relying_party(provider: &Provider, redirect_uri: &str) -> Result<RelyingParty, OidcError> {
    let issuer = IssuerUrl::new(provider.issuer_url.clone())
        .map_err(|error| OidcError::Address(error.to_string()))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http_client())
        .await
        .map_err(|error| OidcError::Discovery(error.to_string()))?;
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|error| OidcError::Address(error.to_string()))?;
    Ok(RelyingParty::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Where to send the browser to sign in, with a new `state`, `nonce` and PKCE verifier.
pub async fn start(provider: &Provider, redirect_uri: &str) -> Result<Started, OidcError> {
    let client = relying_party(provider, redirect_uri).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Started {
        authorize_url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Exchanges the code the browser brought back and checks the ID token, as of `now`.
pub async fn finish(
    provider: &Provider,
    redirect_uri: &str,
    code: &str,
    nonce: &str,
    pkce_verifier: &str,
    now: DateTime<Utc>,
) -> Result<Verified, OidcError> {
    let client = relying_party(provider, redirect_uri).await?;
    let response = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|error| OidcError::Exchange(error.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
        .request_async(http_client())
        .await
        .map_err(|error| OidcError::Exchange(error.to_string()))?;
    let id_token = response
        .extra_fields()
        .id_token()
        .ok_or(OidcError::NoIdToken)?;
    let verifier = client.id_token_verifier().set_time_fn(move || now);
    let claims = id_token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|error| OidcError::Token(error.to_string()))?;
    Ok(Verified {
        issuer: claims.issuer().to_string(),
        subject: claims.subject().to_string(),
        email: claims.email().map(|email| email.to_string()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string()),
        groups: claims.additional_claims().groups.clone(),
    })
}
