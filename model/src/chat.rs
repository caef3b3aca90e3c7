//! A model's chat template (Jinja, from `tokenizer_config.json`) rendered with minijinja.
use serde::Serialize;

/// One chat message.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
}

/// Renders `template` for `messages`, ending with the assistant's turn.
pub fn apply_chat_template(
    template: &str,
    messages: &[Message],
    bos: &str,
    eos: &str,
) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    env.add_template("chat", template)
        .map_err(|e| format!("invalid chat template: {e}"))?;
    let tmpl = env.get_template("chat").map_err(|e| e.to_string())?;
    tmpl.render(minijinja::context! {
        messages => messages,
        add_generation_prompt => true,
        bos_token => bos,
        eos_token => eos,
    })
    .map_err(|e| format!("cannot render the chat template: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_chatml_template() {
        let t = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
        let out = apply_chat_template(
            t,
            &[Message {
                role: "user".into(),
                content: "Hi".into(),
            }],
            "<s>",
            "</s>",
        )
        .unwrap();
        assert_eq!(
            out,
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
        );
        assert!(apply_chat_template("{% for", &[], "", "").is_err());
    }
}
