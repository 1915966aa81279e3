//! Prints your ElevenLabs account as a person wants to read it.
//!
//! `cargo run --example whoami` calls the real API with `ELEVENLABS_API_KEY`; without the
//! variable, or with `--mock`, it starts a local server that serves the example account
//! from the API reference (the client's `mock` feature), so you can see the output with no
//! account: `cargo run -p elevenlabs-user-client --features mock --example whoami`.

use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use elevenlabs_user_client::models::UserResponseModel;
use elevenlabs_user_client::{ElevenLabs, API_KEY_VARIABLE};

const BAR_WIDTH: usize = 24;

#[tokio::main]
async fn main() -> ExitCode {
    let mock = std::env::args().any(|a| a == "--mock")
        || std::env::var(API_KEY_VARIABLE).map_or(true, |k| k.trim().is_empty());
    let result = if mock { whoami_from_local_server().await } else { whoami(ElevenLabs::from_env()).await };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            // One line: the error and its causes.
            let mut line = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                line.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("error: {line}");
            ExitCode::FAILURE
        }
    }
}

async fn whoami(
    client: Result<ElevenLabs, elevenlabs_user_client::Error>,
) -> Result<String, elevenlabs_user_client::Error> {
    let response = client?.get_user().await?;
    Ok(render(&response))
}

async fn whoami_from_local_server() -> Result<String, elevenlabs_user_client::Error> {
    let mock = elevenlabs_user_client::mock::MockElevenLabs::start().await;
    let text = whoami(Ok(mock.client())).await?;
    Ok(format!("(no {API_KEY_VARIABLE}: the example account from the API reference, served locally)\n\n{text}"))
}

fn render(user: &UserResponseModel) -> String {
    let subscription = &user.subscription;
    let name = user.first_name().map_or("(no name)", String::as_str);
    let used = subscription.character_count;
    let limit = subscription.character_limit;
    let ratio = subscription.usage_ratio().unwrap_or(0.0);
    let filled = ((ratio.min(1.0) * BAR_WIDTH as f64).round() as usize).min(BAR_WIDTH);
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled));
    let reset = subscription.next_reset().map_or_else(
        || "no reset scheduled".to_string(),
        |time| {
            let seconds = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs() as i64;
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|t| t.with_timezone(&chrono::Local).format("resets %a %Y-%m-%d %H:%M (local time)").to_string())
                .unwrap_or_else(|| "reset time unknown".into())
        },
    );
    let overage = &subscription.current_overage;
    let seat = user.seat_type.as_str().replace('_', " ");
    format!(
        "Account      {name} (user {id})\n\
         Plan         {tier} · {status} · {seat}\n\
         Characters   {used} of {limit} used  [{bar}] {percent:.1}%\n\
         \x20            {left} left; {reset}\n\
         Overage      {amount} {currency}\n",
        id = user.user_id,
        tier = subscription.tier,
        status = subscription.status,
        used = thousands(used),
        limit = thousands(limit),
        percent = ratio * 100.0,
        left = thousands(subscription.characters_remaining()),
        amount = overage.amount,
        currency = overage.currency.as_str().to_uppercase(),
    )
}

/// `17231` → `17,231`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}
