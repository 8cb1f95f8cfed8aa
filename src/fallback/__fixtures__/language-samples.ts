/** Short support messages as customers write them, five per language. */
export const languageSamples: readonly (readonly [string, string])[] = [
  ['en', 'Where is my order? It was due on Monday.'], ['en', 'I was charged twice for the same subscription.'], ['en', 'My package arrived damaged, I want a replacement.'], ['en', 'How do I reset my password?'], ['en', 'Please cancel my account today.'],
  ['es', '¿Dónde está mi pedido? Lo pedí hace dos semanas.'], ['es', 'Mi pedido no ha llegado todavía.'], ['es', 'Me cobraron dos veces el mismo mes.'], ['es', 'Quiero cancelar mi suscripción.'], ['es', 'El paquete llegó roto, necesito un reembolso.'],
  ['fr', "Où est ma commande ? J'attends depuis deux semaines."], ['fr', "Je n'ai pas reçu mon colis."], ['fr', "J'ai été débité deux fois ce mois-ci."], ['fr', 'Je voudrais annuler mon abonnement.'], ['fr', 'Le produit est arrivé cassé, je veux un remboursement.'],
  ['de', 'Wo ist meine Bestellung? Ich warte seit zwei Wochen.'], ['de', 'Mein Paket ist beschädigt angekommen.'], ['de', 'Mir wurde zweimal derselbe Betrag abgebucht.'], ['de', 'Ich möchte mein Abonnement kündigen.'], ['de', 'Wie kann ich mein Passwort zurücksetzen?'],
  ['it', 'Dove si trova il mio ordine? Aspetto da due settimane.'], ['it', 'Il pacco è arrivato danneggiato.'], ['it', 'Mi avete addebitato due volte lo stesso importo.'], ['it', 'Vorrei annullare il mio abbonamento.'], ['it', 'Come posso reimpostare la password?'],
  ['pt', 'Onde está o meu pedido? Estou esperando há duas semanas.'], ['pt', 'O meu pacote chegou danificado.'], ['pt', 'Fui cobrado duas vezes pelo mesmo pedido.'], ['pt', 'Quero cancelar a minha assinatura.'], ['pt', 'Não consigo entrar na minha conta.'],
  ['nl', 'Waar blijft mijn bestelling? Ik wacht al twee weken.'], ['nl', 'Mijn pakket is beschadigd aangekomen.'], ['nl', 'Er is twee keer geld afgeschreven.'], ['nl', 'Ik wil mijn abonnement opzeggen.'], ['nl', 'Hoe kan ik mijn wachtwoord wijzigen?'],
  ['ru', 'Где мой заказ? Жду уже две недели.'], ['ru', 'Посылка пришла повреждённой.'], ['ru', 'С меня дважды списали деньги.'], ['ru', 'Хочу отменить подписку.'], ['ru', 'Не могу войти в свой аккаунт.'],
  ['pl', 'Gdzie jest moje zamówienie? Czekam już dwa tygodnie.'], ['pl', 'Paczka dotarła uszkodzona.'], ['pl', 'Pobrano ode mnie opłatę dwa razy.'], ['pl', 'Chcę anulować subskrypcję.'], ['pl', 'Nie mogę zalogować się na konto.'],
  ['tr', 'Siparişim nerede? İki haftadır bekliyorum.'], ['tr', 'Paketim hasarlı geldi.'], ['tr', 'Aynı sipariş için iki kez ücret alındı.'], ['tr', 'Aboneliğimi iptal etmek istiyorum.'], ['tr', 'Hesabıma giriş yapamıyorum.'],
  ['ja', '注文した商品がまだ届いていません。'], ['ja', 'パスワードをリセットするにはどうすればいいですか？'], ['zh', '我的订单在哪里？已经等了两个星期。'], ['zh', '我被重复扣款了。'], ['ko', '주문한 상품이 아직 도착하지 않았습니다.'],
];
