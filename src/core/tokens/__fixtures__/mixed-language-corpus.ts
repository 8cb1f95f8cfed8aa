/**
 * Help-desk messages in the scripts crmkit's users write in, for measuring the approximate token
 * counter against gpt-tokenizer (docs/budgets.md, "Counting without a tokenizer"). Written for
 * this purpose; not customer data.
 */
export const mixedLanguageCorpus: readonly { readonly language: string; readonly text: string }[] = [
  { language: 'English', text: "Hi team, my order #54321 still hasn't arrived after 12 days. The tracking page says 'label created' since last Monday. Can you check with the carrier and tell me when it will ship? Thanks, Jane" },
  { language: 'English', text: 'I was charged twice for my subscription this month (invoice INV-2026-0042 and INV-2026-0043). Please refund the duplicate charge of $49.99 to my Visa ending 4242.' },
  { language: 'English (short)', text: 'Where is my order?' },
  { language: 'English (agent reply)', text: 'Thank you for reaching out. I have escalated your case to our logistics team, and you will receive an update within 24 hours. Your reference number is C-77812.' },
  { language: 'Spanish', text: 'Hola, compré unos zapatos hace dos semanas y todavía no han llegado. El número de pedido es 98765. ¿Podrían decirme qué pasó con el envío? Gracias.' },
  { language: 'French', text: "Bonjour, j'ai reçu un article endommagé : l'écran de la tablette est fissuré. Je souhaite un remboursement ou un échange dès que possible. Merci d'avance." },
  { language: 'German', text: 'Guten Tag, meine Rechnung enthält eine falsche Mehrwertsteuer. Könnten Sie mir bitte eine korrigierte Rechnung an die hinterlegte E-Mail-Adresse schicken? Mit freundlichen Grüßen' },
  { language: 'Portuguese', text: 'Olá! Não consigo acessar minha conta desde ontem; aparece "senha inválida" mesmo depois de redefinir. Vocês podem verificar? Obrigado.' },
  { language: 'Italian', text: "Buongiorno, vorrei annullare l'abbonamento annuale e ricevere il rimborso dei mesi non utilizzati. Potete confermare la procedura?" },
  { language: 'Turkish', text: 'Merhaba, siparişim iki kez kargoya verilmiş görünüyor ama hiçbir paket elime ulaşmadı. Lütfen kontrol eder misiniz?' },
  { language: 'Polish', text: 'Dzień dobry, zamówiłem ładowarkę, ale przyszedł zły model. Jak mogę go zwrócić i otrzymać właściwy produkt?' },
  { language: 'Russian', text: 'Здравствуйте! Мой заказ №4471 задерживается уже на неделю. Подскажите, пожалуйста, когда его доставят и можно ли ускорить доставку?' },
  { language: 'Ukrainian', text: 'Добрий день, я хочу повернути товар, бо він не підійшов за розміром. Що для цього потрібно зробити?' },
  { language: 'Greek', text: 'Καλησπέρα, η παραγγελία μου έφτασε χωρίς το καλώδιο φόρτισης. Μπορείτε να μου το στείλετε;' },
  { language: 'Arabic', text: 'مرحباً، طلبي لم يصل بعد رغم مرور عشرة أيام. أريد معرفة حالة الشحنة أو استرداد أموالي من فضلكم.' },
  { language: 'Hebrew', text: 'שלום, חויבתי פעמיים על אותה הזמנה. אשמח אם תבדקו ותחזירו לי את הסכום הכפול.' },
  { language: 'Hindi', text: 'नमस्ते, मेरा ऑर्डर अभी तक नहीं पहुँचा है। कृपया बताइए कि डिलीवरी कब होगी और ट्रैकिंग नंबर क्या है।' },
  { language: 'Thai', text: 'สวัสดีครับ สินค้าที่สั่งไปยังไม่ได้รับเลย รบกวนช่วยตรวจสอบสถานะการจัดส่งให้หน่อยครับ' },
  { language: 'Vietnamese', text: 'Xin chào, tôi đã thanh toán nhưng đơn hàng vẫn hiển thị là chưa thanh toán. Vui lòng kiểm tra giúp tôi.' },
  { language: 'Chinese (Simplified)', text: '你好，我上周买的耳机一直没有发货，订单号是 20261130-888。请问什么时候可以寄出？如果不能发货，请帮我退款。' },
  { language: 'Chinese (Traditional)', text: '您好，我收到的商品與網站上的描述不符，顏色和尺寸都不對，希望可以換貨或退款。' },
  { language: 'Japanese', text: '注文した商品がまだ届きません。追跡番号を教えてください。また、配送予定日も確認したいです。よろしくお願いします。' },
  { language: 'Korean', text: '안녕하세요, 주문한 상품이 파손된 상태로 도착했습니다. 교환이나 환불을 요청하고 싶습니다. 사진을 첨부할까요?' },
  { language: 'Emoji-heavy', text: 'Still waiting 😤😤 my package 📦 was supposed to be here Friday 🙃 pls help 🙏👩‍👩‍👧‍👦🇵🇹' },
  { language: 'Mixed (code-switching)', text: 'Hi! Mi pedido #1234 no llegó 😕 — tracking says “delivered” mais je n’ai rien reçu. Bitte prüfen Sie das. 谢谢!' },
  { language: 'Technical', text: 'Webhook failed: POST https://api.example.com/v2/orders/ABC-123?expand=items returned 502 Bad Gateway at 2026-11-30T10:44:41Z (request id req_9f8e7d6c).' },
  { language: 'Code', text: 'function total(items) { return items.reduce((sum, item) => sum + item.price * item.qty, 0).toFixed(2); } // returns "NaN" for qty = undefined' },
  { language: 'Whitespace and numbers', text: 'Order lines:\n\n  1.  SKU-001    x2    19.99\n  2.  SKU-042    x1   249.00\n\tTotal:           288.98 EUR\r\n' },
];
