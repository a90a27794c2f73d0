from congress.views import delegates, elections, minutes, uploads

app_name = "congress"

# Each area keeps its routes beside its views.
urlpatterns = delegates.urlpatterns + elections.urlpatterns + minutes.urlpatterns + uploads.urlpatterns
