//! `ikm user add | list | reset-password` — staff accounts from the command line (the first admin
//! is made this way). Passwords come from a prompt, or from stdin when it is not a terminal; never
//! from the command line, where other users of the machine and the shell history would see them.

use super::error::CliError;
use crate::accounts::check_scopes;
use crate::accounts::{hash_password, MIN_PASSWORD_CHARS};
use app::access::Role;
use app::accounts::{Actor, NewUser};
use app::store::{Store, StoreError};
use clap::Subcommand;
use std::io::{BufRead, IsTerminal};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is asked for (or read from stdin).
    Add {
        #[arg(long)]
        username: String,
        /// admin, province, region or unit.
        #[arg(long)]
        role: String,
        /// The province code (role province), kabupaten/kota code (role region) or unit code (role
        /// unit, repeatable).
        #[arg(long = "scope")]
        scopes: Vec<String>,
        #[arg(long)]
        email: Option<String>,
        /// The name shown in the app (default: the username).
        #[arg(long)]
        name: Option<String>,
    },
    /// List the accounts.
    List,
    /// Set a new password (asked for, or read from stdin) and end the account's sessions.
    ResetPassword { username: String },
}

fn invalid(message: impl Into<String>) -> CliError {
    CliError::Reported(message.into())
}

/// Reads a password: twice at a terminal (without echo), else the first line of stdin.
fn read_password() -> Result<String, CliError> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Kata sandi / Password: ")
            .map_err(|e| invalid(format!("cannot read the password: {e}")))?;
        let second = rpassword::prompt_password("Ulangi / Repeat: ")
            .map_err(|e| invalid(format!("cannot read the password: {e}")))?;
        if first != second {
            return Err(invalid("the two passwords differ"));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| invalid(format!("cannot read the password from stdin: {e}")))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if (password.chars().count() as u64) < MIN_PASSWORD_CHARS {
        return Err(invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    Ok(password)
}

pub async fn run(store: &dyn Store, command: UserCommand) -> Result<(), CliError> {
    match command {
        UserCommand::Add {
            username,
            role,
            scopes,
            email,
            name,
        } => {
            let username = username.trim().to_lowercase();
            let role = Role::parse(&role).ok_or_else(|| {
                invalid(format!(
                    "unknown role {role}: use admin, national, province, region, unit or mpp"
                ))
            })?;
            if !check_scopes(store, role, &scopes).await? {
                return Err(invalid(match role {
                    Role::Admin => "an admin has no --scope".to_string(),
                    Role::National => "a national account has no --scope".to_string(),
                    Role::Province => {
                        "a province account needs one --scope with a province code (e.g. 18)"
                            .to_string()
                    }
                    Role::Region => {
                        "a region account needs one --scope with a kabupaten/kota code (e.g. 18.71)"
                            .to_string()
                    }
                    Role::Unit => {
                        "a unit account needs one or more --scope with existing unit codes"
                            .to_string()
                    }
                    Role::Mpp => {
                        "an MPP manager needs one --scope with an existing MPP code".to_string()
                    }
                }));
            }
            let password = read_password()?;
            let hash = hash_password(password)
                .await
                .map_err(|e| invalid(format!("hashing failed: {e}")))?;
            let user = NewUser {
                display_name: name.unwrap_or_else(|| username.clone()),
                username: username.clone(),
                email: email
                    .map(|e| e.trim().to_lowercase())
                    .filter(|e| !e.is_empty()),
                password_hash: hash,
                role,
                scopes,
            };
            match store.create_user(&user, &Actor::command_line()).await {
                Ok(_) => println!("User {username} ({}) created.", role.key()),
                Err(StoreError::Taken(taken)) => {
                    return Err(invalid(format!("that {taken} is already taken")))
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::List => {
            for user in store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    user.username,
                    user.role.key(),
                    user.scopes.join(","),
                    user.display_name,
                    if user.active { "" } else { "\t(nonaktif)" }
                );
            }
        }
        UserCommand::ResetPassword { username } => {
            let username = username.trim().to_lowercase();
            if !store.users().await?.iter().any(|u| u.username == username) {
                return Err(invalid(format!("no user {username}")));
            }
            let password = read_password()?;
            let hash = hash_password(password)
                .await
                .map_err(|e| invalid(format!("hashing failed: {e}")))?;
            store
                .set_password(&username, &hash, &Actor::command_line())
                .await?;
            println!("The password of {username} is changed; their sessions are ended.");
        }
    }
    Ok(())
}
