from congress.views import delegates, elections, uploads

app_name = "congress"

# Each area keeps its routes beside its views.
urlpatterns = delegates.urlpatterns + elections.urlpatterns + uploads.urlpatterns
