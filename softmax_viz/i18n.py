"""Japanese and English messages, and ``t(key, lang, **params)`` to look them up.

Every message is Markdown, because Streamlit renders labels, captions and alerts as Markdown.
Parameters usually carry user text (a bad token, a label), so ``t`` escapes them: whatever a
user typed shows up literally and can never turn into a link, emphasis or a formula.
"""

from __future__ import annotations

import re

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "en"
# The language switch shows these names, and a bound widget writes what it shows to the URL:
# links carry lang=日本語 or lang=English.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every character that Markdown, HTML or LaTeX would interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def language_from_locale(locale: str | None) -> str:
    """Map a browser locale such as ``"ja-JP"`` or ``"en-US"`` to ``"ja"`` or ``"en"``."""
    return "ja" if (locale or "").lower().startswith("ja") else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: object) -> str:
    """Return message ``key`` in ``lang`` with ``params`` filled in and Markdown-escaped.

    Examples
    --------
    >>> t("input_empty_cell", "en", row="1*2", column=3)
    'Row 1\\\\*2, column 3 of the grid is empty. Type a number there.'
    """
    entry = CATALOG[key]
    text = entry.get(lang, entry[DEFAULT_LANGUAGE])
    if not params:
        return text
    return text.format(**{name: escape_markdown(str(value)) for name, value in params.items()})


def t_plain(key: str, lang: str, /, **params: object) -> str:
    """Like :func:`t` but without Markdown escaping, for text that is never rendered as Markdown
    (chart titles, CSV headers, dataframe column names). Without ``params``, the message as
    written, placeholders included: a live chart fills them in itself."""
    entry = CATALOG[key]
    text = entry.get(lang, entry[DEFAULT_LANGUAGE])
    return text.format(**params) if params else text


CATALOG: dict[str, dict[str, str]] = {
    # --- input problems (softmax_viz.parsing) ---
    # A text box or a link's vector
    "input_too_long": {
        "en": "The input has {length} characters; the limit is {cap}. Shorten it, or use fewer values.",
        "ja": "入力が {length} 文字あります。上限は {cap} 文字なので、短くするか値を減らしてください。",
    },
    "input_empty": {
        "en": "The input is empty. Type at least one number.",
        "ja": "入力が空です。数値を 1 つ以上入力してください。",
    },
    "input_too_many_values": {
        "en": "There are {count} values, but this page takes at most {cap}. Remove some values.",
        "ja": "値が {count} 個あります。このページで扱えるのは {cap} 個までなので、減らしてください。",
    },
    "input_bad_token": {
        "en": "Value {position}, “{token}”, is not a number. Separate numbers with commas or spaces.",
        "ja": "{position} 番目の「{token}」は数値として読めません。数値はカンマか空白で区切ってください。",
    },
    "input_nan": {
        "en": "Value {position}, “{token}”, means “not a number” (NaN), so it has no probability. Replace it with a number.",
        "ja": "{position} 番目の「{token}」は「非数」（NaN）を表すので、確率を計算できません。数値に置き換えてください。",
    },
    "input_infinite": {
        "en": "Value {position}, “{token}”, is infinite, and softmax needs finite numbers. Type a large number such as 1000 instead.",
        "ja": "{position} 番目の「{token}」は無限大ですが、ソフトマックスには有限の数が必要です。代わりに 1000 のような大きな数を入れてください。",
    },
    "input_masked_not_allowed": {
        "en": "Value {position}, “{token}”, is minus infinity, which masks a class. Only the “Logits → probabilities” page accepts it; here, type a finite number such as −1000.",
        "ja": "{position} 番目の「{token}」はマイナス無限大で、クラスをマスクするための値です。使えるのは「ロジット → 確率」のページだけなので、ここでは −1000 のような有限の数を入れてください。",
    },
    "input_too_large": {
        "en": "Value {position}, “{token}”, is too far from zero for a 64-bit float (the limit is about ±1.8e308). Type a number closer to zero.",
        "ja": "{position} 番目の「{token}」は 64 ビット浮動小数点数で表せる範囲（約 ±1.8e308）を超えています。もっと 0 に近い数にしてください。",
    },
    "input_all_masked": {
        "en": "Every value is −inf, so no class is left to take the probability. Keep at least one finite value.",
        "ja": "すべての値が −inf なので、確率を受け取るクラスが残りません。有限の値を 1 つ以上残してください。",
    },
    # A matrix
    "input_too_many_rows": {
        "en": "The matrix has {count} rows; the limit is {cap}. Remove some rows.",
        "ja": "行列が {count} 行あります。上限は {cap} 行なので、行を減らしてください。",
    },
    "input_too_many_columns": {
        "en": "Row {row} has {count} values; a row can hold at most {cap}. Remove some values.",
        "ja": "{row} 行目に値が {count} 個あります。1 行に入れられるのは {cap} 個までなので、減らしてください。",
    },
    "input_ragged_row": {
        "en": "Row {row} has {found} values, but the first row has {expected}. Give every row the same number of values.",
        "ja": "{row} 行目の値は {found} 個ですが、1 行目は {expected} 個です。すべての行で個数をそろえてください。",
    },
    "input_bad_token_in_row": {
        "en": "Row {row}, value {column}: “{token}” is not a number. Separate numbers with commas or spaces, and rows with new lines.",
        "ja": "{row} 行目の {column} 番目「{token}」は数値として読めません。数値はカンマか空白で、行は改行で区切ってください。",
    },
    "input_nan_in_row": {
        "en": "Row {row}, value {column}: “{token}” means “not a number” (NaN). Replace it with a number.",
        "ja": "{row} 行目の {column} 番目「{token}」は「非数」（NaN）です。数値に置き換えてください。",
    },
    "input_infinite_in_row": {
        "en": "Row {row}, value {column}: “{token}” is infinite. Type a finite number such as 1000 or −1000 instead.",
        "ja": "{row} 行目の {column} 番目「{token}」は無限大です。代わりに 1000 や −1000 のような有限の数を入れてください。",
    },
    "input_too_large_in_row": {
        "en": "Row {row}, value {column}: “{token}” is too far from zero for a 64-bit float (the limit is about ±1.8e308). Type a number closer to zero.",
        "ja": "{row} 行目の {column} 番目「{token}」は 64 ビット浮動小数点数で表せる範囲（約 ±1.8e308）を超えています。もっと 0 に近い数にしてください。",
    },
    # Class labels
    "input_too_many_labels": {
        "en": "There are {count} labels for {classes} classes. Remove the extra labels.",
        "ja": "クラスは {classes} 個ですが、ラベルが {count} 個あります。余分なラベルを消してください。",
    },
    "input_label_too_long": {
        "en": "Label {position}, “{label}”, is longer than {cap} characters. Shorten it.",
        "ja": "{position} 番目のラベル「{label}」が {cap} 文字を超えています。短くしてください。",
    },
    "input_duplicate_label": {
        "en": "Classes {first} and {second} are both labelled “{label}”, so their bars would merge. Give each class its own label.",
        "ja": "クラス {first} と {second} のラベルがどちらも「{label}」です。このままでは棒が重なるので、クラスごとに別のラベルにしてください。",
    },
    # A link's value for a widget
    "input_not_an_option": {
        "en": "“{value}” is not one of the choices ({options}).",
        "ja": "「{value}」は選択肢（{options}）のどれでもありません。",
    },
    "input_not_a_number": {
        "en": "“{value}” is not a number.",
        "ja": "「{value}」は数値ではありません。",
    },
    "input_number_not_finite": {
        "en": "“{value}” is not a finite number.",
        "ja": "「{value}」は有限の数ではありません。",
    },
    "input_not_integer": {
        "en": "“{value}” is not a whole number such as 3.",
        "ja": "「{value}」は 3 のような整数ではありません。",
    },
    "input_out_of_range": {
        "en": "“{value}” is outside the range {low} to {high}.",
        "ja": "「{value}」は {low} から {high} までの範囲に入っていません。",
    },
    # What the live chart sends when the learner lets go
    "input_live_malformed": {
        "en": "The chart sent a change this page cannot read.",
        "ja": "グラフから読み取れない変更が送られてきました。",
    },
    "input_live_wrong_count": {
        "en": "The chart sent {count} logits for {expected} classes.",
        "ja": "{expected} クラスに対してグラフから {count} 個のロジットが送られてきました。",
    },
    # --- end of input problems ---
    # --- app and views ---
    "nav_logits": {"en": "Logits → probabilities", "ja": "ロジット → 確率"},
    "nav_overflow": {"en": "Overflow lab", "ja": "オーバーフロー実験室"},
    "nav_gradient": {"en": "Gradient", "ja": "勾配"},
    "nav_batch": {"en": "Batch and axis", "ja": "バッチと axis"},
    "link_value_ignored": {
        "en": "The link's value `{param}` = “{value}” was ignored and the default used.",
        "ja": "リンクの値 `{param}` = 「{value}」は使えないため、既定値にしました。",
    },
    "input_kept_last_good": {
        "en": "The charts still show the last valid input.",
        "ja": "グラフは最後に正しく読めた入力のままです。",
    },
    "input_empty_cell": {
        "en": "Row {row}, column {column} of the grid is empty. Type a number there.",
        "ja": "表の {row} 行 {column} 列が空です。数値を入れてください。",
    },
    "share_expander": {
        "en": "Share this exact view",
        "ja": "この状態を共有する",
    },
    "share_caption": {
        "en": "Link to exactly this view (copy with the button on the right):",
        "ja": "この状態をそのまま開くリンク（右のボタンでコピー）:",
    },
    "download_csv": {"en": "Download the numbers (CSV)", "ja": "数値をダウンロード（CSV）"},
    "preset_label": {"en": "Examples", "ja": "例"},
    "preset_placeholder": {"en": "Load an example…", "ja": "例を読み込む…"},
    "preset_one_two_three": {"en": "[1, 2, 3]", "ja": "[1, 2, 3]"},
    "preset_deep_learning": {
        "en": "[1.5, 0.8, −0.2] (a network's three outputs)",
        "ja": "[1.5, 0.8, −0.2]（ネットワークの 3 出力）",
    },
    "preset_cat_dog_bird": {
        "en": "[2.0, 1.0, 0.5] (cat, dog, bird)",
        "ja": "[2.0, 1.0, 0.5]（猫・犬・鳥）",
    },
    "preset_overflow": {
        "en": "705 … 714 (the textbook formula overflows)",
        "ja": "705 … 714（教科書どおりの式があふれる）",
    },
    "preset_tie": {"en": "A tie for first place", "ja": "1 位が同点"},
    "preset_masked": {
        "en": "A masked class (−inf)",
        "ja": "マスクされたクラス（−inf）",
    },
    "preset_ten_classes": {"en": "Ten classes", "ja": "10 クラス"},
    "preset_vocabulary": {
        "en": "10,000 logits (a vocabulary)",
        "ja": "10,000 個のロジット（語彙）",
    },
    "preset_underflow": {
        "en": "−800 … −791 (everything underflows)",
        "ja": "−800 … −791（すべてアンダーフロー）",
    },
    "preset_float32_overflow": {
        "en": "85 … 94 (float32's limit)",
        "ja": "85 … 94（float32 の限界）",
    },
    "preset_float16_overflow": {
        "en": "5 … 14 (float16's limit)",
        "ja": "5 … 14（float16 の限界）",
    },
    "preset_confident": {"en": "A confident prediction", "ja": "自信の強い予測"},
    "preset_small_integers": {
        "en": "randint(1, 10, (3, 3)) with seed 0",
        "ja": "seed 0 の randint(1, 10, (3, 3))",
    },
    "preset_scipy_example": {
        "en": "scipy's example [[1, 1, 5], [1, 2, 9]]",
        "ja": "scipy の例 [[1, 1, 5], [1, 2, 9]]",
    },
    "preset_large_logits": {
        "en": "Rows with large and small logits",
        "ja": "大きなロジットと小さなロジットの行",
    },
    # logits view
    "logits_title": {"en": "Logits → probabilities", "ja": "ロジット → 確率"},
    "logits_intro": {
        "en": "Softmax turns any list of real numbers (logits) into a probability distribution:"
        " $y_k = e^{x_k / T} / \\sum_j e^{x_j / T}$. Every output is positive, they add up to 1,"
        " and the order of the logits is kept. Change a logit or the temperature $T$ and watch"
        " every probability move, because they all share one denominator.",
        "ja": "ソフトマックスは、任意の実数の並び（ロジット）を確率分布に変えます:"
        " $y_k = e^{x_k / T} / \\sum_j e^{x_j / T}$。出力はすべて正で合計は 1、"
        "ロジットの大小の順番もそのまま残ります。ロジットや温度 $T$ を動かすと、"
        "分母を共有しているので、すべての確率がいっしょに動きます。",
    },
    "logits_text_label": {"en": "Logits", "ja": "ロジット"},
    "logits_text_help": {
        "en": "Numbers separated by commas, spaces or new lines (full-width digits and 、 work"
        " too), up to {cap} values. −inf masks a class. Press Ctrl+Enter to apply.",
        "ja": "カンマ・空白・改行で区切った数値（全角数字や 、 も可）。最大 {cap} 個。"
        "−inf はそのクラスをマスクします。Ctrl+Enter で反映。",
    },
    "labels_label": {"en": "Class labels (comma-separated)", "ja": "クラス名（カンマ区切り）"},
    "labels_help": {
        "en": "Missing labels are numbered 1, 2, 3, … Labels are shown as plain text.",
        "ja": "足りない分は 1, 2, 3, … と番号になります。ラベルはそのまま文字として表示します。",
    },
    "labels_default_used": {
        "en": "Numbered labels are shown instead.",
        "ja": "代わりに番号をラベルにしています。",
    },
    "top_label": {
        "en": "Classes to show ({count} in all; the rest share one bar)",
        "ja": "表示するクラス数（全 {count} 個。残りは 1 本の棒にまとめます）",
    },
    "rest_label": {"en": "rest ({count})", "ja": "残り（{count}）"},
    # The live chart (softmax_viz/components): plain text, put into the page as text nodes.
    "live_temperature": {"en": "Temperature T", "ja": "温度 T"},
    "live_logit": {"en": "Logit of", "ja": "ロジット:"},
    "live_probability": {"en": "Probability of", "ja": "確率:"},
    "live_chart": {
        "en": "Logits and their softmax probabilities, one column per class",
        "ja": "ロジットとそのソフトマックス確率（クラスごとに 1 列）",
    },
    "live_logits_title": {"en": "logit x (drag a bar)", "ja": "ロジット x（棒をドラッグ）"},
    "live_logits_title_fixed": {"en": "logit x", "ja": "ロジット x"},
    "live_probabilities_title": {"en": "probability", "ja": "確率"},
    "live_preview": {
        "en": "Preview computed in your browser; let go and Python computes it exactly.",
        "ja": "ブラウザで計算したプレビューです。手を離すと Python が正確に計算し直します。",
    },
    "live_exact": {
        "en": "Numbers computed by Python (float64, max-shifted).",
        "ja": "Python が計算した値です（float64、最大値シフト）。",
    },
    "live_save_svg": {"en": "Save as SVG", "ja": "SVG で保存"},
    "live_save_png": {"en": "Save as PNG", "ja": "PNG で保存"},
    "live_fixed": {
        "en": "Bars can be dragged for up to {cap} finite logits; edit the text box above.",
        "ja": "棒をドラッグできるのは有限のロジット {cap} 個までです。上のテキスト欄で編集してください。",
    },
    "sum_metric": {"en": "Sum of probabilities", "ja": "確率の合計"},
    "sum_help": {
        "en": "Exactly 1 in real arithmetic; in floating point within a few units of 2⁻⁵³.",
        "ja": "実数では厳密に 1。浮動小数点では 2⁻⁵³ の数倍以内の誤差です。",
    },
    "entropy_metric": {"en": "Entropy (nats)", "ja": "エントロピー（nat）"},
    "entropy_help": {
        "en": "0 for a one-hot distribution, at most ln K = {maximum} for a uniform one.",
        "ja": "one-hot なら 0、一様分布で最大の ln K = {maximum}。",
    },
    "argmax_metric": {"en": "Most likely class", "ja": "最も確率の高いクラス"},
    "temperature_cold": {
        "en": "As T → 0 softmax becomes the one-hot argmax (tied maxima share equally).",
        "ja": "T → 0 でソフトマックスは argmax の one-hot になります（同点の最大値は等分）。",
    },
    "temperature_hot": {
        "en": "As T grows, every class approaches the same probability 1/K.",
        "ja": "T を大きくすると、すべてのクラスが同じ確率 1/K に近づきます。",
    },
    "col_class": {"en": "class", "ja": "クラス"},
    "col_probability": {"en": "probability", "ja": "確率"},
    "col_log_probability": {"en": "log-probability", "ja": "対数確率"},
    "col_argmax": {"en": "argmax", "ja": "argmax"},
    "table_expander": {
        "en": "Every number: x, x − max, exp, probability, log-probability (and CSV)",
        "ja": "すべての数値: x、x − 最大値、exp、確率、対数確率（CSV も）",
    },
    "table_top_rows": {
        "en": "The table lists the {shown} most likely of {count} classes; the CSV has all.",
        "ja": "表は {count} クラスのうち確率の高い {shown} 個です。CSV にはすべて入っています。",
    },
    "sigmoid_toggle": {
        "en": "Two classes: softmax and the sigmoid",
        "ja": "2 クラスのとき: ソフトマックスとシグモイド",
    },
    "sigmoid_intro": {
        "en": "With two classes and logits $[z, 0]$, softmax gives"
        " $e^z / (e^z + 1) = 1 / (1 + e^{-z})$, which is the logistic sigmoid $\\sigma(z)$."
        " Softmax is the sigmoid generalised to many classes.",
        "ja": "2 クラスでロジットが $[z, 0]$ のとき、ソフトマックスは"
        " $e^z / (e^z + 1) = 1 / (1 + e^{-z})$ となり、ロジスティック・シグモイド $\\sigma(z)$"
        " そのものです。ソフトマックスはシグモイドを多クラスに広げたものです。",
    },
    "sigmoid_values": {
        "en": "At z = {z}: softmax([z, 0])₁ = {softmax}, σ(z) = {sigmoid}.",
        "ja": "z = {z} のとき: softmax([z, 0])₁ = {softmax}、σ(z) = {sigmoid}。",
    },
    # overflow view
    "overflow_title": {"en": "Overflow lab", "ja": "オーバーフロー実験室"},
    "overflow_intro": {
        "en": "The textbook formula takes $e^{x}$ of every logit first. In float64 the largest"
        " number is about $1.8 \\times 10^{308}$, so $e^{x}$ becomes `inf` once $x$ passes"
        " about 709.78, and then `inf / inf` is `nan`. Subtracting the largest logit first"
        " gives the same probabilities and keeps every exponent at or below 0.",
        "ja": "教科書どおりの式は、まず各ロジットの $e^{x}$ を計算します。float64 で表せる最大値は"
        "約 $1.8 \\times 10^{308}$ なので、$x$ が約 709.78 を超えると $e^{x}$ は `inf` になり、"
        "`inf / inf` は `nan` になります。先に最大のロジットを引いておけば、確率は同じまま、"
        "指数はすべて 0 以下に収まります。",
    },
    "overflow_text_label": {"en": "Input vector", "ja": "入力ベクトル"},
    "overflow_text_help": {
        "en": "Up to {cap} numbers separated by commas or spaces. Press Ctrl+Enter to apply.",
        "ja": "カンマや空白で区切った数値を最大 {cap} 個。Ctrl+Enter で反映。",
    },
    "dtype_label": {"en": "Floating-point type", "ja": "浮動小数点型"},
    # The live lab (softmax_viz/components/live_overflow.py): plain text, put in as text nodes.
    "live_shift": {"en": "Shift c added to every value", "ja": "すべての値に足すずらし量 c"},
    "live_limit": {"en": "largest {dtype}", "ja": "{dtype} の最大値"},
    "live_normal_limit": {"en": "smallest normal", "ja": "最小の正規化数"},
    "live_event_at": {
        "en": "{step}: {event} at element(s) {elements}",
        "ja": "{step}: 要素 {elements} で{event}",
    },
    "live_overflow_preview": {
        "en": "Preview computed in your browser in {dtype}; let go and Python computes it with numpy.",
        "ja": "ブラウザが {dtype} で計算したプレビューです。手を離すと Python が numpy で計算し直します。",
    },
    "live_overflow_exact": {
        "en": "Numbers computed by Python with numpy in {dtype}.",
        "ja": "Python が numpy の {dtype} で計算した値です。",
    },
    "thresholds": {
        "en": "**{dtype}**: exp(x) overflows to inf for x > {overflow};"
        " it leaves the normal range below {normal} and flushes to 0 below {subnormal}.",
        "ja": "**{dtype}**: x > {overflow} で exp(x) は inf にあふれ、"
        "{normal} 未満で正規化数の範囲を外れ、{subnormal} 未満で 0 になります。",
    },
    "exp_chart_title": {
        "en": "exp(x) on a log scale, against the {dtype} limit",
        "ja": "exp(x)（対数目盛）と {dtype} の上限",
    },
    "element_axis": {"en": "element", "ja": "要素"},
    "col_exp": {"en": "exp", "ja": "exp"},
    "col_quotient": {"en": "y (quotient)", "ja": "y（商）"},
    "naive_heading": {"en": "Naive", "ja": "素朴な式"},
    "stable_heading": {"en": "Max-shifted (stable)", "ja": "最大値を引く式（安定）"},
    "scalar_max": {"en": "max m = {value}", "ja": "最大値 m = {value}"},
    "scalar_sum": {"en": "sum = {value}", "ja": "合計 = {value}"},
    "no_events": {
        "en": "No floating-point event: every step is exact to rounding.",
        "ja": "浮動小数点の例外は起きていません。各段階とも丸め誤差の範囲です。",
    },
    "event_line": {
        "en": "Step **{step}**: {event} at element(s) {elements}. {explanation}",
        "ja": "段階 **{step}**: 要素 {elements} で{event}。{explanation}",
    },
    "step_input": {"en": "input", "ja": "入力"},
    "step_max": {"en": "max", "ja": "最大値"},
    "step_shifted": {"en": "x − max", "ja": "x − 最大値"},
    "step_exp": {"en": "exp", "ja": "exp"},
    "step_sum": {"en": "sum", "ja": "合計"},
    "step_quotient": {"en": "quotient", "ja": "割り算"},
    "event_overflow": {"en": "overflow", "ja": "オーバーフロー"},
    "event_underflow": {"en": "underflow", "ja": "アンダーフロー"},
    "event_invalid": {"en": "invalid operation", "ja": "無効演算"},
    "event_divide": {"en": "division by zero", "ja": "ゼロ除算"},
    "event_overflow_why": {
        "en": "The result is larger than the type's largest number, so it became inf.",
        "ja": "結果が型の最大値を超えたので inf になりました。",
    },
    "event_underflow_why": {
        "en": "The result is smaller than the type can hold and lost digits or became 0.",
        "ja": "結果が型で表せるより小さく、桁が落ちるか 0 になりました。",
    },
    "event_invalid_why": {
        "en": "inf / inf or 0 / 0 has no value, so it became nan.",
        "ja": "inf / inf や 0 / 0 には値がないので nan になりました。",
    },
    "event_divide_why": {
        "en": "A finite number was divided by 0.",
        "ja": "有限の数を 0 で割りました。",
    },
    "verdict_broken": {
        "en": "The naive formula lost {broken} of {total} outputs; the max-shifted one is exact.",
        "ja": "素朴な式は {total} 個中 {broken} 個の出力を失いました。最大値を引く式は正確です。",
    },
    "verdict_same": {
        "en": "Both formulas agree here (largest difference {difference}): the trouble starts"
        " only past the threshold. Try the shift slider.",
        "ja": "ここでは両方の式が一致します（最大の差 {difference}）。問題は境界を越えてから"
        "起きます。ずらす量のスライダーを試してください。",
    },
    "tail_heading": {"en": "log_softmax against log(softmax)", "ja": "log_softmax と log(softmax)"},
    "tail_intro": {
        "en": "For [1000, 1] the second probability is $e^{-999} \\approx 10^{-434}$, far below"
        " the smallest float64. softmax rounds it to 0 and log gives −inf. log_softmax works"
        " in the log domain, $x_k - m - \\log \\sum_j e^{x_j - m}$, and keeps −999.",
        "ja": "[1000, 1] の 2 番目の確率は $e^{-999} \\approx 10^{-434}$ で、float64 の最小値より"
        "はるかに小さい数です。softmax はこれを 0 に丸め、log を取ると −inf になります。"
        "log_softmax は対数のまま $x_k - m - \\log \\sum_j e^{x_j - m}$ と計算するので −999 が残ります。",
    },
    "tail_explanation": {
        "en": "This is why training code computes cross-entropy from logits, never from probabilities.",
        "ja": "学習のコードが交差エントロピーを確率ではなくロジットから計算するのはこのためです。",
    },
    "derivation_heading": {
        "en": "Why subtracting the maximum is allowed",
        "ja": "最大値を引いてよい理由",
    },
    "derivation_intro": {
        "en": "Three routes to the same identity. Pick the one that reads best to you.",
        "ja": "同じ等式に 3 通りの道筋でたどり着きます。読みやすいものを選んでください。",
    },
    "route_constant_title": {
        "en": "Route 1: multiply by C / C",
        "ja": "道筋 1: C / C を掛ける",
    },
    "route_constant_text": {
        "en": "Multiplying numerator and denominator by the same positive constant changes"
        " nothing. Write the constant as an exponential, merge it into every term, and choose"
        " it so that the exponent of the largest term becomes 0.",
        "ja": "分子と分母に同じ正の定数を掛けても値は変わりません。その定数を指数の形で書いて"
        "各項にまとめ、最大の項の指数がちょうど 0 になるように選びます。",
    },
    "route_divide_title": {
        "en": "Route 2: divide through by e^m",
        "ja": "道筋 2: e^m で割る",
    },
    "route_divide_text": {
        "en": "Without logarithms: divide top and bottom by $e^{m}$. Every exponent becomes"
        " $x_j - m \\le 0$, so each term lies in (0, 1] and the sum lies in [1, K]: nothing"
        " can overflow, and the sum can never be 0.",
        "ja": "対数を使わずに、分子と分母を $e^{m}$ で割ります。指数はすべて $x_j - m \\le 0$"
        " となるので各項は (0, 1]、合計は [1, K] に入ります。あふれることも、"
        "合計が 0 になることもありません。",
    },
    "route_expanded_title": {
        "en": "Route 3: write the sum out",
        "ja": "道筋 3: 和を書き下す",
    },
    "route_expanded_text": {
        "en": "The same step with the sum written term by term: factor $e^{m}$ out of every"
        " term and cancel it against the numerator.",
        "ja": "和を項ごとに書き下して同じことをします。各項から $e^{m}$ をくくり出し、"
        "分子のものと約分します。",
    },
    # gradient view
    "gradient_title": {"en": "Gradient of softmax", "ja": "ソフトマックスの勾配"},
    "gradient_intro": {
        "en": "How does each probability respond to each logit? The answer is the Jacobian"
        " $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$, that is"
        " $J = \\mathrm{diag}(y) - y y^\\top$.",
        "ja": "各確率は各ロジットにどう反応するのでしょうか。答えはヤコビ行列"
        " $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$、つまり"
        " $J = \\mathrm{diag}(y) - y y^\\top$ です。",
    },
    "gradient_text_label": {"en": "Logits", "ja": "ロジット"},
    "gradient_text_help": {
        "en": "Up to {cap} numbers separated by commas or spaces. Press Ctrl+Enter to apply.",
        "ja": "カンマや空白で区切った数値を最大 {cap} 個。Ctrl+Enter で反映。",
    },
    "jacobian_heading": {"en": "The Jacobian", "ja": "ヤコビ行列"},
    "jacobian_intro": {
        "en": "Raising one logit raises its own probability (positive diagonal) and takes the"
        " same amount away from the others (negative off-diagonal). The probabilities always"
        " sum to 1, so each row sums to 0.",
        "ja": "あるロジットを上げると自分の確率が上がり（対角が正）、同じ量が他から引かれます"
        "（非対角が負）。確率の合計は常に 1 なので、各行の和は 0 です。",
    },
    "jacobian_chart_title": {"en": "J = diag(y) − y yᵀ", "ja": "J = diag(y) − y yᵀ"},
    "row_sum": {"en": "row sum", "ja": "行和"},
    "column_sum": {"en": "column sum", "ja": "列和"},
    "row_sums": {
        "en": "Largest |row sum| here: {largest} (0 up to rounding).",
        "ja": "ここでの |行和| の最大値: {largest}（丸め誤差を除けば 0）。",
    },
    "diagonal_heading": {
        "en": "The diagonal is the sigmoid's derivative",
        "ja": "対角成分はシグモイドの導関数",
    },
    "diagonal_intro": {
        "en": "Move one logit $x_i$ and keep the others fixed. Then"
        " $y_i = 1 / (1 + e^{-(x_i - c)})$ with $c = \\log \\sum_{j \\ne i} e^{x_j}$: a sigmoid"
        " moved right by $c$. Its slope $y_i(1 - y_i)$ is the bell-shaped sigmoid derivative.",
        "ja": "ロジット $x_i$ だけを動かし、他は固定します。すると"
        " $y_i = 1 / (1 + e^{-(x_i - c)})$、ただし $c = \\log \\sum_{j \\ne i} e^{x_j}$ で、"
        "右に $c$ だけずれたシグモイドです。その傾き $y_i(1 - y_i)$ は釣鐘形のシグモイドの導関数です。",
    },
    "sweep_class_label": {"en": "Logit to move", "ja": "動かすロジット"},
    "diagonal_match": {
        "en": "For x{number}: shift c = {shift}; the largest gap between y and the shifted"
        " sigmoid on the plotted range is {difference}.",
        "ja": "x{number} の場合: ずれ c = {shift}。描いた範囲で y とずらしたシグモイドの差は"
        "最大 {difference} です。",
    },
    "offdiag_heading": {"en": "Off-diagonal entries", "ja": "非対角成分"},
    "offdiag_intro": {
        "en": "$\\partial y_i / \\partial x_j = -y_i y_j$ for $i \\ne j$, next to a central"
        " finite difference $(y_i(x + h e_j) - y_i(x - h e_j)) / 2h$ with $h = 10^{-6}$.",
        "ja": "$i \\ne j$ のとき $\\partial y_i / \\partial x_j = -y_i y_j$。となりは"
        " $h = 10^{-6}$ の中心差分 $(y_i(x + h e_j) - y_i(x - h e_j)) / 2h$ です。",
    },
    "col_finite_difference": {"en": "finite difference", "ja": "中心差分"},
    "col_difference": {"en": "|difference|", "ja": "|差|"},
    "ce_heading": {"en": "Cross-entropy and its gradient", "ja": "交差エントロピーとその勾配"},
    "ce_intro": {
        "en": "For a true class $t$, the loss is $-\\log y_t$, computed as $-$log_softmax$(x)_t$."
        " Its gradient with respect to the logits is simply $y - \\mathrm{onehot}(t)$.",
        "ja": "正解クラス $t$ の損失は $-\\log y_t$ で、$-$log_softmax$(x)_t$ として計算します。"
        "ロジットについての勾配は単純に $y - \\mathrm{onehot}(t)$ です。",
    },
    "target_label": {"en": "True class", "ja": "正解クラス"},
    "ce_loss": {"en": "Loss for class {number}", "ja": "クラス {number} の損失"},
    "ce_gradient_sum": {
        "en": "The gradient sums to {total}: pushing the true class up pulls the others down.",
        "ja": "勾配の合計は {total}。正解クラスを押し上げると、他のクラスが引き下げられます。",
    },
    "live_gradient_chart": {
        "en": "Logits and their probabilities, the Jacobian, the swept class on the shifted sigmoid"
        " and its derivative, and the cross-entropy gradient",
        "ja": "ロジットと確率、ヤコビ行列、ずらしたシグモイドとその導関数の上の動かすクラス、"
        "交差エントロピーの勾配",
    },
    "live_gradient_logit": {"en": "Logit of class {number}", "ja": "クラス {number} のロジット"},
    "live_gradient_probability": {"en": "Probability of class {number}", "ja": "クラス {number} の確率"},
    "live_gradient_sweep": {
        "en": "y{i} = σ(x{i} − c) as x{i} moves",
        "ja": "x{i} を動かしたときの y{i} = σ(x{i} − c)",
    },
    "live_gradient_slope": {
        "en": "its slope y{i}(1 − y{i}) = σ′(x{i} − c)",
        "ja": "その傾き y{i}(1 − y{i}) = σ′(x{i} − c)",
    },
    "live_gradient_gradient": {
        "en": "gradient y − onehot({t}) of the loss",
        "ja": "損失の勾配 y − onehot({t})",
    },
    "live_gradient_loss": {"en": "loss −log y{t} =", "ja": "損失 −log y{t} ="},
    # batch view
    "batch_title": {"en": "Batches and the axis", "ja": "バッチと axis"},
    "batch_intro": {
        "en": "A network returns one row of logits per example. `axis` says which numbers share"
        " a denominator: `axis=1` normalises each row (each example), `axis=0` each column,"
        " and `axis=None` the whole matrix at once.",
        "ja": "ネットワークは例ごとに 1 行のロジットを返します。`axis` はどの数どうしで分母を"
        "共有するかを決めます。`axis=1` は行ごと（例ごと）、`axis=0` は列ごと、"
        "`axis=None` は行列全体をまとめて正規化します。",
    },
    "batch_text_label": {"en": "Or paste a matrix", "ja": "または行列を貼り付け"},
    "batch_text_help": {
        "en": "One row per line (or rows separated by ;), numbers separated by commas or spaces."
        " Up to {rows} rows and {columns} columns.",
        "ja": "1 行に 1 行ずつ（または ; 区切り）、数値はカンマや空白で区切ります。"
        "最大 {rows} 行 {columns} 列。",
    },
    "axis_label": {"en": "axis", "ja": "axis"},
    "axis_help": {
        "en": "The same argument as scipy.special.softmax.",
        "ja": "scipy.special.softmax と同じ引数です。",
    },
    "axis_None_explained": {
        "en": "`axis=None`: all entries together sum to 1.",
        "ja": "`axis=None`: 全要素の合計が 1 になります。",
    },
    "axis_0_explained": {
        "en": "`axis=0`: each column sums to 1.",
        "ja": "`axis=0`: 各列の合計が 1 になります。",
    },
    "axis_1_explained": {
        "en": "`axis=1`: each row sums to 1.",
        "ja": "`axis=1`: 各行の合計が 1 になります。",
    },
    "scipy_agreement": {
        "en": "Against `scipy.special.softmax(x, axis={axis})`: largest absolute difference"
        " {absolute}, largest difference {ulp} units in the last place.",
        "ja": "`scipy.special.softmax(x, axis={axis})` との比較: 絶対差の最大値 {absolute}、"
        "最終桁の単位（ULP）で最大 {ulp}。",
    },
    # --- sampling view (softmax_viz/views/sampling.py) ---
    "nav_sampling": {"en": "Sampling the next token", "ja": "次のトークンのサンプリング"},
    "sampling_title": {
        "en": "Sampling: from probabilities to the next token",
        "ja": "サンプリング: 確率から次のトークンへ",
    },
    "sampling_intro": {
        "en": "A language model gives one logit per token of its vocabulary. Before a token is"
        " drawn, the temperature rescales the logits and filters cut the unlikely tail: top-k"
        " keeps the k largest, top-p the smallest set that holds probability p, min-p every token"
        " at least min-p times as likely as the best. Then one token is drawn at random, so the"
        " most probable token is often not the one picked. Each filter measures the distribution"
        " left by the filters before it, and libraries apply them in different orders.",
        "ja": "言語モデルは語彙のトークンごとに 1 つのロジットを出します。トークンを引く前に、温度がロジットを"
        "拡大・縮小し、フィルタが確率の低い裾を切ります。top-k は大きい順に k 個、top-p は確率の合計が p に"
        "達する最小の集合、min-p は最も確率の高いトークンの min-p 倍以上のものを残します。そのあとで 1 つを"
        "ランダムに引くので、いちばん確率の高いトークンが選ばれないこともよくあります。各フィルタは前のフィルタが"
        "残した分布で判定し、ライブラリによって適用の順番が違います。",
    },
    "sampling_prompt": {
        "en": "Prompt: “{prompt} …” — which token comes next?",
        "ja": "プロンプト:「{prompt}…」の次に来るトークンは？",
    },
    "sampling_illustrative": {
        "en": "Illustrative numbers, made up for this example: not a model's output.",
        "ja": "この例のために作った説明用の数値で、実際のモデルの出力ではありません。",
    },
    "sampling_text_label": {"en": "Logits (one per token)", "ja": "ロジット（トークンごとに 1 つ）"},
    "sampling_text_help": {
        "en": "Numbers separated by commas, spaces or new lines, up to {cap} values; −inf masks a"
        " token. Typed logits are numbered 1, 2, 3, … Press Ctrl+Enter to apply.",
        "ja": "カンマ・空白・改行で区切った数値を最大 {cap} 個。−inf はそのトークンをマスクします。"
        "入力したロジットには 1, 2, 3, … と番号を付けます。Ctrl+Enter で反映。",
    },
    "sampling_numbered_labels": {
        "en": "The tokens are numbered instead.",
        "ja": "代わりにトークンに番号を付けています。",
    },
    "sampling_temperature_label": {"en": "Temperature T (log scale)", "ja": "温度 T（対数目盛）"},
    "sampling_order_label": {"en": "Whose pipeline", "ja": "どのライブラリの順番か"},
    "sampling_k_label": {"en": "top-k (right end: off)", "ja": "top-k（右端: オフ）"},
    "sampling_top_p_label": {"en": "top-p (1: off)", "ja": "top-p（1: オフ）"},
    "sampling_min_p_label": {"en": "min-p (0: off)", "ja": "min-p（0: オフ）"},
    "sampling_keep_label": {"en": "min_tokens_to_keep", "ja": "min_tokens_to_keep"},
    "sampling_field_problem": {"en": "`{param}`:", "ja": "`{param}`:"},
    "sampling_off": {"en": "off", "ja": "オフ"},
    "sampling_stage_input": {"en": "logits", "ja": "ロジット"},
    "sampling_stage_temperature": {"en": "temperature", "ja": "温度"},
    "sampling_stage_top_k": {"en": "top-k", "ja": "top-k"},
    "sampling_stage_top_p": {"en": "top-p", "ja": "top-p"},
    "sampling_stage_min_p": {"en": "min-p", "ja": "min-p"},
    "sampling_stage_title": {"en": "{stage}: {kept} kept", "ja": "{stage}: {kept} 個が残る"},
    "sampling_winner": {"en": "winner", "ja": "勝ち"},
    "sampling_reason_input": {"en": "masked in the input (−inf)", "ja": "入力でマスク済み（−inf）"},
    "sampling_reason_top_k": {
        "en": "top-k (k = {setting}): below the k-th largest logit {threshold}",
        "ja": "top-k（k = {setting}）: k 番目に大きいロジット {threshold} に届かない",
    },
    "sampling_reason_top_p": {
        "en": "top-p (p = {setting}): after the cut; the first {kept} tokens already hold {threshold}",
        "ja": "top-p（p = {setting}）: 切れ目の後ろ。上位 {kept} 個ですでに {threshold} に達している",
    },
    "sampling_reason_min_p": {
        "en": "min-p ({setting}): p = {p} is below min-p × max p = {threshold}",
        "ja": "min-p（{setting}）: p = {p} が min-p × 最大確率 = {threshold} より小さい",
    },
    "sampling_pipeline_heading": {"en": "The pipeline, stage by stage", "ja": "パイプラインを段階ごとに"},
    "sampling_pipeline_intro": {
        "en": "Drag a slider (mouse, pen or touch) or use its keys (arrows one step, Page Up/Down"
        " ten, Home/End the ends), or pick whose order: every stage follows at once, computed in"
        " your browser. Let go and Python computes it again and writes the link. Each panel shows"
        " the probabilities renormalized over the tokens still in the race; an × marks a removed"
        " token: point at it, or reach it with Tab, for the reason. transformers: temperature →"
        " top-k → top-p → min-p. vLLM: temperature → min-p → top-k → top-p. llama.cpp: top-k →"
        " top-p → min-p → temperature, so its cuts see the untempered distribution, and its top-k"
        " keeps exactly k tokens where the others keep every token tied with the k-th.",
        "ja": "スライダーをドラッグする（マウス・ペン・タッチ）か、キーで動かす（矢印で 1 目盛、"
        "Page Up/Down で 10 目盛、Home/End で端）か、どのライブラリの順番かを選ぶと、すべての段が"
        "すぐに追従します。計算はブラウザの中です。手を離すと Python が計算し直し、リンクを書き換えます。"
        "各段は、まだ残っているトークンで正規化し直した確率です。× は取り除かれたトークンで、マウスを"
        "重ねるか Tab キーで移動すると理由が出ます。transformers: 温度 → top-k → top-p → min-p。"
        "vLLM: 温度 → min-p → top-k → top-p。llama.cpp: top-k → top-p → min-p → 温度 なので、"
        "切り捨ては温度をかける前の分布で行われ、top-k は k 番目と同点のトークンを残さずちょうど k 個を残します。",
    },
    "sampling_col_stage": {"en": "stage", "ja": "段階"},
    "sampling_col_setting": {"en": "setting", "ja": "設定"},
    "sampling_col_kept": {"en": "kept", "ja": "残り"},
    "sampling_col_removed": {"en": "removed here", "ja": "ここで除外"},
    "sampling_col_threshold": {"en": "threshold", "ja": "しきい値"},
    "sampling_top_tokens": {
        "en": "The chart shows the {shown} tokens with the largest logits of {count}, and the rest of"
        " them together.",
        "ja": "グラフには {count} 個のうちロジットの大きい {shown} 個と、残りをまとめた 1 本を表示しています。",
    },
    "sampling_cut_heading": {"en": "Where top-p cuts", "ja": "top-p の切れ目"},
    "sampling_boundary_top_p": {
        "en": "top-p: the {count} best tokens hold {mass}, which reaches p = {p}: equal up to rounding."
        " Their probabilities add up to exactly p; float64 rounds each of them and every partial sum,"
        " so a sum within a few units in the last place of p counts as reaching it.",
        "ja": "top-p: 上位 {count} 個の確率の和は {mass} で、p = {p} に達している（丸め誤差の範囲で等しい）。"
        "これらの確率の和はちょうど p だが、float64 では各確率と途中の和が丸められるため、"
        "p との差が最後の桁の数単位以内の和は p に達したとみなす。",
    },
    "sampling_boundary_min_p": {
        "en": "min-p: {token} has p = {p}, which reaches min-p × max p = {threshold}: equal up to rounding,"
        " so it is kept.",
        "ja": "min-p: {token} の p = {p} は min-p × 最大確率 = {threshold} に達している"
        "（丸め誤差の範囲で等しい）ので残る。",
    },
    "sampling_cut_text": {
        "en": "Of the {total} tokens that reached top-p, sorted from the most probable, the first"
        " {count} hold {mass} ≥ p = {p}: the shortest prefix that reaches p. The rest are removed.",
        "ja": "top-p に届いた {total} 個のトークンを確率の高い順に並べると、上位 {count} 個で {mass} ≥ p = {p}"
        " になります。p に届く最短の先頭部分で、残りは取り除かれます。",
    },
    "sampling_rank_axis": {"en": "rank (most probable first)", "ja": "順位（確率の高い順）"},
    "sampling_cumulative_axis": {"en": "cumulative probability", "ja": "累積確率"},
    "sampling_cut_marker": {"en": "cut after {count}", "ja": "{count} 個目で切る"},
    "sampling_cut_off": {
        "en": "top-p is off (p = 1): it cuts nothing.",
        "ja": "top-p はオフ（p = 1）で、何も切りません。",
    },
    "sampling_reason_hint": {
        "en": "Point at an ×, or reach it with Tab, for the reason the token was removed.",
        "ja": "× にマウスを重ねるか Tab キーで移動すると、そのトークンが取り除かれた理由が出ます。",
    },
    "sampling_final_title": {
        "en": "after the whole pipeline: the probabilities a token is drawn with",
        "ja": "パイプライン全体のあと: トークンを引くときの確率",
    },
    "sampling_meter_label": {"en": "Final probability of", "ja": "最終的な確率:"},
    "sampling_chart_label": {
        "en": "The sampling pipeline, stage by stage",
        "ja": "サンプリングのパイプライン（段階ごと）",
    },
    "sampling_pending": {
        "en": "The table, the draws and the race below are for the settings before this change: they"
        " update when you let go.",
        "ja": "下の表・引いた結果・競争は、変更前の設定のものです。手を離すと更新されます。",
    },
    "sampling_table_expander": {
        "en": "Every token: logit, probability before and after, why it was removed",
        "ja": "全トークン: ロジット、前後の確率、除外の理由",
    },
    "sampling_top_rows": {
        "en": "The table lists the {shown} tokens with the largest logits of {count}; the CSV has all.",
        "ja": "表は {count} 個のうちロジットの大きい {shown} 個です。CSV にはすべて入っています。",
    },
    "sampling_col_token": {"en": "token", "ja": "トークン"},
    "sampling_col_input_p": {"en": "p before", "ja": "前の p"},
    "sampling_col_final_p": {"en": "p after", "ja": "後の p"},
    "sampling_col_removed_by": {"en": "removed by", "ja": "除外した段階"},
    "sampling_draw_heading": {"en": "The draw", "ja": "トークンを引く"},
    "sampling_draw_intro": {
        "en": "Greedy decoding always takes the most probable token. Sampling draws at random"
        " with the probabilities left after the pipeline, so a token with probability 0.4 is"
        " picked in about 40% of draws, and 60% of the time another token wins. The same seed"
        " gives the same draws, on every machine that opens this link.",
        "ja": "貪欲法（greedy）は常に最も確率の高いトークンを選びます。サンプリングはパイプラインのあとに"
        "残った確率でランダムに引くので、確率 0.4 のトークンが選ばれるのは約 40% で、60% は別のトークンに"
        "なります。同じ seed なら、このリンクを開いたどの端末でも同じ結果になります。",
    },
    "sampling_n_label": {"en": "Draws n", "ja": "引く回数 n"},
    "sampling_n_help": {
        "en": "A whole number from 1 to {cap}. Press Enter to apply.",
        "ja": "1 から {cap} までの整数。Enter で反映。",
    },
    "sampling_seed_label": {"en": "Seed", "ja": "seed"},
    "sampling_seed_help": {
        "en": "A whole number from 0 to {cap} for numpy.random.default_rng. Press Enter to apply.",
        "ja": "numpy.random.default_rng に渡す 0 から {cap} までの整数。Enter で反映。",
    },
    "sampling_sampler_label": {"en": "Sampler", "ja": "引き方"},
    "sampling_sampler_help": {
        "en": "inverse-cdf: a uniform number falls into one token's slice of the cumulative"
        " distribution. gumbel-max: every token gets random Gumbel noise added to its logit and"
        " the largest wins. Both pick each token with its probability.",
        "ja": "inverse-cdf: 一様乱数が累積分布のどのトークンの区間に落ちるかで決めます。gumbel-max:"
        " 各ロジットに Gumbel 分布の乱数を足し、最大のものを選びます。どちらも各トークンをその確率で選びます。",
    },
    "sampling_probability_name": {"en": "probability", "ja": "確率"},
    "sampling_draws_chart_label": {
        "en": "Each kept token's probability beside its share of the draws",
        "ja": "残ったトークンごとの確率と、引いた回数の割合",
    },
    "sampling_race_chart_label": {
        "en": "One Gumbel-max race (seed {seed}): each token's z and z + G, the largest z + G first",
        "ja": "Gumbel-max の競争 1 回（シード {seed}）: 各トークンの z と z + G、z + G の大きい順",
    },
    "sampling_frequency_name": {"en": "share of {n} draws", "ja": "{n} 回中の割合"},
    "sampling_first_draws": {"en": "First draws: {draws}", "ja": "最初に引いたトークン: {draws}"},
    "sampling_fit": {
        "en": "Chi-square goodness of fit: χ² = {statistic} over {cells} cells ({dof} degrees of"
        " freedom), p-value = {p_value}. A p-value far below 0.001 would say the draws do not"
        " follow the probabilities; otherwise the gaps are the size chance makes.",
        "ja": "カイ二乗適合度検定: χ² = {statistic}、{cells} 区分（自由度 {dof}）、p 値 = {p_value}。"
        "p 値が 0.001 を大きく下回れば、引いた結果は確率に従っていないことになります。そうでなければ、"
        "差は偶然で生じる程度の大きさです。",
    },
    "sampling_fit_help": {
        "en": "scipy.stats.chisquare on the tokens left. Tokens expected fewer than {minimum}"
        " times are pooled into one cell, which joins the smallest other cell if it still"
        " expects fewer than {minimum}.",
        "ja": "残ったトークンで scipy.stats.chisquare を計算します。期待回数が {minimum} 未満のトークンは"
        "1 つの区分にまとめ、それでも {minimum} 未満なら最も小さい別の区分に合わせます。",
    },
    "sampling_fit_none": {
        "en": "Too few draws or tokens left for a chi-square test (it needs two cells expecting"
        " at least 5 draws each).",
        "ja": "カイ二乗検定には、引く回数か残ったトークンが足りません（期待回数 5 以上の区分が 2 つ必要です）。",
    },
    "sampling_greedy": {
        "en": "Greedy decoding always picks **{token}** (p = {p}). Sampling picked it {count} times"
        " in {n} draws ({share}): the other tokens together hold {rest} of the probability, so"
        " that share of draws goes to them.",
        "ja": "貪欲法なら常に **{token}**（p = {p}）です。サンプリングでは {n} 回中 {count} 回（{share}）でした。"
        "ほかのトークンが合わせて確率の {rest} を持っているので、その割合はほかのトークンになります。",
    },
    "sampling_race_heading": {"en": "One Gumbel-max race", "ja": "Gumbel-max の競争を 1 回"},
    "sampling_race_intro": {
        "en": "Add to every logit $z_i$ its own Gumbel noise $G_i = -\\log(-\\log U_i)$, $U_i$"
        " uniform, and take the largest $z_i + G_i$: token $i$ wins with probability exactly"
        " softmax$(z)_i$. Removed tokens have $z_i = -\\infty$ and never win.",
        "ja": "各ロジット $z_i$ にそれぞれ Gumbel 分布の乱数 $G_i = -\\log(-\\log U_i)$（$U_i$ は一様乱数）を"
        "足し、$z_i + G_i$ が最大のものを選ぶと、トークン $i$ はちょうど softmax$(z)_i$ の確率で勝ちます。"
        "取り除かれたトークンは $z_i = -\\infty$ なので勝てません。",
    },
    "sampling_race_winner": {
        "en": "With seed {seed}, **{token}** wins: z = {z}, G = {g} (its probability is {p}).",
        "ja": "seed {seed} では **{token}** が勝ちます: z = {z}、G = {g}（確率は {p}）。",
    },
    "sampling_orders_heading": {"en": "The three orders compared", "ja": "3 つの順番の比較"},
    "sampling_orders_intro": {
        "en": "The same settings in transformers', vLLM's and llama.cpp's order.",
        "ja": "同じ設定を transformers・vLLM・llama.cpp の順番で適用します。",
    },
    "sampling_orders_same": {
        "en": "All three orders keep the same {count} tokens with these settings.",
        "ja": "この設定では、3 つの順番とも同じ {count} 個のトークンが残ります。",
    },
    "sampling_orders_kept": {"en": "{count} kept", "ja": "{count} 個が残る"},
    "sampling_orders_differ": {
        "en": "The orders keep different tokens. Probabilities after each pipeline; — marks a removed token:",
        "ja": "順番によって残るトークンが違います。各パイプラインのあとの確率で、"
        "— は取り除かれたトークンです:",
    },
    "preset_next_token_en": {
        "en": "Next token after “The cat sat on the” (illustrative)",
        "ja": "「The cat sat on the」の次のトークン（説明用の数値）",
    },
    "preset_next_token_ja": {
        "en": "Next token after “吾輩は” (illustrative)",
        "ja": "「吾輩は」の次のトークン（説明用の数値）",
    },
    "preset_top_k_tie": {
        "en": "[2, 1, 1, 0]: a tie at the k-th place",
        "ja": "[2, 1, 1, 0]: k 番目で同点",
    },
    "preset_orders_differ": {
        "en": "p = [.4, .3, .2, .05, .05]: try top-p .75 with min-p .2",
        "ja": "p = [.4, .3, .2, .05, .05]: top-p .75 と min-p .2 で試す",
    },
    "preset_long_tail": {
        "en": "10,000 logits with a long tail (top-p on a real tail)",
        "ja": "裾の長い 10,000 個のロジット（本物の裾で top-p）",
    },
    # --- end of sampling view ---
    # --- classroom kit: the share link's QR code, the guided lesson, chart text, numbers explained ---
    "share_qr_caption": {
        "en": "Or scan this code (it opens the link above):",
        "ja": "またはこのコードを読み取ってください（上のリンクが開きます）:",
    },
    "share_qr_alt": {
        "en": "QR code of the link above",
        "ja": "上のリンクの QR コード",
    },
    "share_qr_download_svg": {"en": "QR code (SVG)", "ja": "QR コード（SVG）"},
    "share_qr_download_png": {"en": "QR code (PNG)", "ja": "QR コード（PNG）"},
    "share_qr_too_long": {
        "en": "This link is {length} bytes long; a QR code holds at most {cap}, so there is no code"
        " for it. Send the link itself, or use fewer values.",
        "ja": "このリンクは {length} バイトあり、QR コードに入るのは最大 {cap} バイトなので、"
        "コードは作れません。リンクをそのまま送るか、値を減らしてください。",
    },
    # the guided lesson
    "nav_lesson": {"en": "Guided lesson", "ja": "順を追って学ぶ"},
    "lesson_title": {"en": "Softmax in {count} steps", "ja": "{count} ステップで学ぶソフトマックス"},
    "lesson_intro": {
        "en": "The steps follow the order the topic is usually taught. Each opens one of the views in"
        " exactly the state it talks about; there, a bar at the top says which step you are on and"
        " leads to the previous and the next one. The address bar then holds the step too, so the"
        " link you send a class opens that same step.",
        "ja": "ステップは、この話題をふつう教える順に並んでいます。どのステップも、説明している状態"
        "そのままでビューを開きます。開いたビューの上部には今どのステップにいるかが表示され、前後の"
        "ステップへ進めます。アドレスバーにもステップが入るので、そのリンクを送れば同じステップが開きます。",
    },
    "lesson_start": {"en": "Start with step 1", "ja": "ステップ 1 から始める"},
    "lesson_step_heading": {"en": "Step {number}. {title}", "ja": "ステップ {number}. {title}"},
    "lesson_open_step": {
        "en": "Open step {number} in “{view}”",
        "ja": "ステップ {number} を「{view}」で開く",
    },
    "lesson_bar": {
        "en": "**Guided lesson, step {number} of {count}:** {title}",
        "ja": "**順を追って学ぶ: ステップ {number} / {count}** {title}",
    },
    "lesson_previous": {"en": "Previous step", "ja": "前のステップ"},
    "lesson_next": {"en": "Next step", "ja": "次のステップ"},
    "lesson_all_steps": {"en": "All steps", "ja": "ステップ一覧"},
    "lesson_probabilities_title": {"en": "Logits become probabilities", "ja": "ロジットが確率になる"},
    "lesson_probabilities_text": {
        "en": "A classifier ends with one score per class, its logits: here 2, 1 and 0.5 for cat, dog"
        " and bird. Softmax raises $e$ to each score and divides by the sum of those powers, so every"
        " result is positive and together they add up to 1. The largest logit gets the largest"
        " probability, and the others keep a share. Drag one logit's bar, or press an arrow key on it,"
        " and all three probabilities move: they share one denominator.",
        "ja": "分類器の最後には、クラスごとに 1 つのスコア（ロジット）が並びます。ここでは猫・犬・鳥に"
        " 2、1、0.5 です。ソフトマックスは各スコアで $e$ を累乗し、その合計で割ります。だから結果はすべて"
        "正で、合計は 1 です。いちばん大きいロジットがいちばん大きい確率を得て、ほかのクラスにも取り分が"
        "残ります。ロジットの棒を 1 本ドラッグする（または矢印キーで動かす）と、3 つの確率がすべて動きます。"
        "分母が共通だからです。",
    },
    "lesson_temperature_title": {"en": "Temperature", "ja": "温度"},
    "lesson_temperature_text": {
        "en": "Dividing the logits by a temperature $T$ before softmax keeps their order but changes how"
        " sure the distribution looks. At $T = 0.5$ every gap between logits doubles and cat takes"
        " most of the probability. Slide $T$ towards 0 and the result approaches a one-hot vector"
        " at the largest logit; slide it up to 20 and every class approaches 1/3.",
        "ja": "ソフトマックスの前にロジットを温度 $T$ で割ると、順番は変わらないまま、分布の「自信の"
        "強さ」が変わります。$T = 0.5$ ではロジットどうしの差がすべて 2 倍になり、猫が確率の大部分を"
        "取ります。$T$ を 0 に近づけると最大のロジットだけが 1 の one-hot ベクトルに近づき、20 まで"
        "上げるとどのクラスも 1/3 に近づきます。",
    },
    "lesson_overflow_title": {"en": "The textbook formula overflows", "ja": "教科書どおりの式があふれる"},
    "lesson_overflow_text": {
        "en": "Computed exactly as written, softmax of 705 … 714 fails in float64. Once $x$ passes"
        " 709.78, $e^x$ is larger than the largest double (about $1.8 \\times 10^{308}$) and becomes"
        " inf. The sum is then inf too, and each probability comes out as 0 (a finite number over"
        " inf) or nan (inf over inf), although the true answer is an ordinary distribution.",
        "ja": "書かれたとおりに計算すると、705 … 714 のソフトマックスは float64 で破綻します。$x$ が"
        " 709.78 を超えると $e^x$ は倍精度の最大値（約 $1.8 \\times 10^{308}$）より大きくなり、inf に"
        "なります。すると合計も inf になり、確率は 0（有限の数 ÷ inf）か nan（inf ÷ inf）になります。"
        "本当の答えはふつうの確率分布なのに、です。",
    },
    "lesson_max_shift_title": {
        "en": "Subtract the maximum: the same answer, exactly",
        "ja": "最大値を引く: 答えは厳密に同じ",
    },
    "lesson_max_shift_text": {
        "en": "Multiplying the numerator and the denominator by the same $e^{-m}$ changes nothing, and"
        " $e^{x} e^{-m} = e^{x - m}$, so softmax$(x - m)$ = softmax$(x)$ for every $m$: an identity,"
        " not an approximation. With $m = \\max_j x_j$ no exponent is above 0, so no term exceeds 1,"
        " and the largest term is exactly 1, so the sum is at least 1: nothing overflows and"
        " nothing is divided by 0. Here 1, 2, 3 are moved up by 708: the textbook path breaks, and"
        " the shifted one gives softmax(1, 2, 3).",
        "ja": "分子と分母に同じ $e^{-m}$ を掛けても値は変わらず、$e^{x} e^{-m} = e^{x - m}$ なので、"
        "どんな $m$ でも softmax$(x - m)$ = softmax$(x)$ です。近似ではなく恒等式です。"
        "$m = \\max_j x_j$ とすれば指数はどれも 0 以下なので 1 を超える項はなく、最大の項はちょうど 1"
        " なので合計は 1 以上です。あふれることも、0 で割ることもありません。ここでは 1, 2, 3 を 708"
        " だけ持ち上げています。教科書どおりの計算は破綻し、最大値を引いた計算は softmax(1, 2, 3) を返します。",
    },
    "lesson_underflow_title": {
        "en": "Underflow: every term rounds to 0",
        "ja": "アンダーフロー: すべての項が 0 に丸められる",
    },
    "lesson_underflow_text": {
        "en": "The opposite problem: for −800 … −791 every $e^x$ is smaller than the smallest positive"
        " double (about $4.9 \\times 10^{-324}$) and rounds to 0. The textbook sum is 0, and 0 / 0 is"
        " nan. After subtracting the maximum the largest term is $e^0 = 1$, so the sum is at least 1"
        " and the probabilities come out right.",
        "ja": "逆向きの問題です。−800 … −791 では、どの $e^x$ も正の倍精度の最小値（約"
        " $4.9 \\times 10^{-324}$）より小さく、0 に丸められます。教科書どおりの合計は 0 で、0 / 0 は"
        " nan です。最大値を引けば最大の項は $e^0 = 1$ なので合計は 1 以上になり、確率は正しく求まります。",
    },
    "lesson_log_softmax_title": {
        "en": "log_softmax: the logarithm without the round trip",
        "ja": "log_softmax: 確率を経由しない対数",
    },
    "lesson_log_softmax_text": {
        "en": "The shift saves the probabilities but not always their logarithms. For 1000 and 1 the"
        " second probability is $e^{-999}$, far below the smallest double, so it is stored as 0, and"
        " $\\log 0 = -\\infty$. log_softmax$(x) = x - m - \\log \\sum_j e^{x_j - m}$ never forms that"
        " tiny number and gives exactly −999. The log_softmax table further down the page shows both.",
        "ja": "最大値を引けば確率は守れますが、その対数まで守れるとは限りません。1000 と 1 では 2 番目の"
        "確率が $e^{-999}$ で、倍精度の最小値よりはるかに小さいので 0 として記録され、"
        "$\\log 0 = -\\infty$ になります。log_softmax$(x) = x - m - \\log \\sum_j e^{x_j - m}$ は"
        "この小さな数を作らないので、ちょうど −999 を返します。ページの下の log_softmax の表で両方を比べられます。",
    },
    "lesson_cross_entropy_title": {
        "en": "Cross-entropy and its gradient",
        "ja": "交差エントロピーとその勾配",
    },
    "lesson_cross_entropy_text": {
        "en": "Training compares the probabilities with the true class $t$ through the loss"
        " $-\\log y_t$, computed as $-$log_softmax$(x)_t$. Its gradient with respect to the logits is"
        " simply $y - \\mathrm{onehot}(t)$: the true class is pushed up by $1 - y_t$, every other"
        " class is pushed down by its own probability, and the gradient sums to 0. Here the true"
        " class is 2.",
        "ja": "学習では、確率を正解クラス $t$ と損失 $-\\log y_t$ で比べます。計算は"
        " $-$log_softmax$(x)_t$ です。ロジットについての勾配は単に $y - \\mathrm{onehot}(t)$ で、"
        "正解クラスは $1 - y_t$ だけ押し上げられ、ほかのクラスはそれぞれ自分の確率だけ押し下げられます。"
        "勾配の合計は 0 です。ここでは正解クラスを 2 にしています。",
    },
    "lesson_jacobian_title": {
        "en": "The Jacobian and its sigmoid-shaped diagonal",
        "ja": "ヤコビ行列とシグモイド形の対角",
    },
    "lesson_jacobian_text": {
        "en": "Every output depends on every logit: $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$,"
        " the matrix $\\mathrm{diag}(y) - y y^\\top$. Each row sums to 0 because the outputs always"
        " sum to 1. Move one logit $x_i$ with the others fixed and $y_i$ traces a sigmoid"
        " $\\sigma(x_i - c)$; its slope $y_i(1 - y_i)$ is the sigmoid's derivative, largest (1/4)"
        " where $y_i = 1/2$. Here class 2 is the one that moves.",
        "ja": "どの出力もすべてのロジットに依存します: $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$、"
        "行列で書けば $\\mathrm{diag}(y) - y y^\\top$ です。出力の合計はつねに 1 なので、各行の合計は 0"
        " です。ほかを固定して 1 つのロジット $x_i$ だけを動かすと、$y_i$ はシグモイド $\\sigma(x_i - c)$"
        " を描き、その傾き $y_i(1 - y_i)$ はシグモイドの導関数で、$y_i = 1/2$ のとき最大の 1/4 です。"
        "ここではクラス 2 を動かしています。",
    },
    "lesson_batch_rows_title": {
        "en": "A batch: one softmax per row",
        "ja": "バッチ: 行ごとに 1 つのソフトマックス",
    },
    "lesson_batch_rows_text": {
        "en": "A network returns a matrix, one row of logits per example. With `axis=1` each row has its"
        " own denominator and sums to 1, which is what a classifier needs: scipy's example"
        " [[1, 1, 5], [1, 2, 9]] becomes two distributions, one per example.",
        "ja": "ネットワークは行列を返します。例ごとに 1 行のロジットです。`axis=1` では各行が自分の分母を"
        "持ち、合計が 1 になります。分類器に必要なのはこれです。scipy の例 [[1, 1, 5], [1, 2, 9]] は、"
        "例ごとに 1 つずつ、2 つの分布になります。",
    },
    "lesson_batch_axis_title": {"en": "The wrong axis", "ja": "axis を取り違えると"},
    "lesson_batch_axis_text": {
        "en": "The same matrix with `axis=0` is normalised column by column: the two examples now"
        " compete for each class, and the rows no longer sum to 1. `axis=None` makes the whole"
        " matrix one distribution. The row and column sums beside the heatmap tell which one you"
        " have.",
        "ja": "同じ行列を `axis=0` にすると、列ごとに正規化されます。2 つの例がクラスごとに確率を"
        "奪い合い、行の合計はもう 1 になりません。`axis=None` は行列全体を 1 つの分布にします。"
        "ヒートマップの横と下の行和・列和で、どれになっているかがわかります。",
    },
    "lesson_sampling_title": {"en": "Sampling the next token", "ja": "次のトークンをサンプリングする"},
    "lesson_sampling_text": {
        "en": "A language model does not always take the most likely token: it draws the next one at"
        " random from the softmax distribution. Temperature, top-k, top-p and min-p reshape or cut"
        " that distribution before the draw. At $T = 0.7$ the likely tokens gain probability and"
        " the long tail loses it. Drag the temperature or top-p slider and watch the tail being cut.",
        "ja": "言語モデルはいつも最も確率の高いトークンを選ぶわけではなく、ソフトマックスの分布から次の"
        "トークンをランダムに引きます。温度・top-k・top-p・min-p は、引く前にその分布の形を変えたり"
        "裾を切ったりします。$T = 0.7$ では確率の高いトークンが確率を増やし、長い裾は確率を減らします。"
        "温度や top-p のスライダーをドラッグして、裾が切られる様子を見てください。",
    },
    # numbers explained where they appear
    "sum_exactly_one": {
        "en": "The sum came out exactly 1: the roundings cancelled this time.",
        "ja": "合計はちょうど 1 になりました。今回は丸め誤差が打ち消し合いました。",
    },
    "sum_one_step_below": {
        "en": "{total} is 1 − 2⁻⁵³, the largest float64 below 1: just below 1, doubles are"
        " 2⁻⁵³ ≈ 1.1 × 10⁻¹⁶ apart, so nothing lies between it and 1. Each probability is rounded"
        " to the nearest double and each addition again, and those errors left the sum one step"
        " short.",
        "ja": "{total} は 1 − 2⁻⁵³、つまり 1 より小さい最大の float64 です。1 のすぐ下では倍精度の数は"
        " 2⁻⁵³ ≈ 1.1 × 10⁻¹⁶ おきにしかないので、これと 1 の間に数はありません。確率を 1 つずつ"
        "いちばん近い倍精度数に丸め、足し算のたびにまた丸めるので、その誤差で合計が 1 目盛り足りなくなりました。",
    },
    "sum_steps_below": {
        "en": "{total} is 1 − {steps} · 2⁻⁵³: {steps} steps below 1, where doubles are"
        " 2⁻⁵³ ≈ 1.1 × 10⁻¹⁶ apart. Each probability is rounded to the nearest double and each"
        " addition again; the errors, at most half a step each, added up to this.",
        "ja": "{total} は 1 − {steps} · 2⁻⁵³ で、1 から {steps} 目盛り下です（1 のすぐ下では倍精度の数は"
        " 2⁻⁵³ ≈ 1.1 × 10⁻¹⁶ おき）。確率を 1 つずつ丸め、足し算のたびにまた丸めるので、"
        "1 回あたり半目盛り以下の誤差が積み重なってこうなりました。",
    },
    "sum_one_step_above": {
        "en": "{total} is 1 + 2⁻⁵², the smallest float64 above 1: just above 1, doubles are"
        " 2⁻⁵² ≈ 2.2 × 10⁻¹⁶ apart, so nothing lies between it and 1. Each probability is rounded"
        " to the nearest double and each addition again, and those errors left the sum one step"
        " over.",
        "ja": "{total} は 1 + 2⁻⁵²、つまり 1 より大きい最小の float64 です。1 のすぐ上では倍精度の数は"
        " 2⁻⁵² ≈ 2.2 × 10⁻¹⁶ おきにしかないので、これと 1 の間に数はありません。確率を 1 つずつ"
        "丸め、足し算のたびにまた丸めるので、その誤差で合計が 1 目盛り多くなりました。",
    },
    "sum_steps_above": {
        "en": "{total} is 1 + {steps} · 2⁻⁵²: {steps} steps above 1, where doubles are"
        " 2⁻⁵² ≈ 2.2 × 10⁻¹⁶ apart. Each probability is rounded to the nearest double and each"
        " addition again; the errors, at most half a step each, added up to this.",
        "ja": "{total} は 1 + {steps} · 2⁻⁵² で、1 から {steps} 目盛り上です（1 のすぐ上では倍精度の数は"
        " 2⁻⁵² ≈ 2.2 × 10⁻¹⁶ おき）。確率を 1 つずつ丸め、足し算のたびにまた丸めるので、"
        "1 回あたり半目盛り以下の誤差が積み重なってこうなりました。",
    },
    "entropy_of_maximum": {
        "en": "Entropy {entropy} nats, of at most ln {classes} = {maximum} nats, which {classes}"
        " equally likely classes would have.",
        "ja": "エントロピーは {entropy} nat です。最大は {classes} クラスが等確率のときの"
        " ln {classes} = {maximum} nat です。",
    },
    # charts: what each shows, and its key numbers beside it
    "exp_chart_alt": {
        "en": "Chart: exp(x) of each element on a log scale against the {dtype} limit",
        "ja": "グラフ: 各要素の exp(x) を対数目盛で {dtype} の上限と比べたもの",
    },
    "exp_chart_over": {
        "en": "Drawn: exp(x) from 10^{low} to 10^{high}. The {dtype} limit is 10^{limit}, and {over}"
        " of the {total} values lie above it (red crosses).",
        "ja": "グラフの値: exp(x) は 10^{low} から 10^{high} まで。{dtype} の上限は 10^{limit} で、"
        "{total} 個のうち {over} 個がそれを超えています（赤い ×）。",
    },
    "exp_chart_none_over": {
        "en": "Drawn: exp(x) from 10^{low} to 10^{high}. The {dtype} limit is 10^{limit}; none of the"
        " {total} values lies above it.",
        "ja": "グラフの値: exp(x) は 10^{low} から 10^{high} まで。{dtype} の上限は 10^{limit} で、"
        "{total} 個のどれもそれを超えていません。",
    },
    "jacobian_diagonal": {
        "en": "Diagonal yᵢ(1 − yᵢ): {values}.",
        "ja": "対角成分 yᵢ(1 − yᵢ): {values}。",
    },
    "ce_gradient_values": {
        "en": "Gradient y − onehot(t): {values}.",
        "ja": "勾配 y − onehot(t): {values}。",
    },
    "batch_chart_alt": {
        "en": "Heatmap of softmax along axis={axis}, row sums on the right and column sums below",
        "ja": "axis={axis} のソフトマックスのヒートマップ。右に行和、下に列和",
    },
    "batch_sums": {
        "en": "Row sums: {rows}. Column sums: {columns}.",
        "ja": "行和: {rows}。列和: {columns}。",
    },
}
