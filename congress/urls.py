from congress.views import delegates, elections, live, uploads

app_name = "congress"

# Each area keeps its routes beside its views.
urlpatterns = delegates.urlpatterns + elections.urlpatterns + uploads.urlpatterns + live.urlpatterns
